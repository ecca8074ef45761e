<?php
echo "budget";
