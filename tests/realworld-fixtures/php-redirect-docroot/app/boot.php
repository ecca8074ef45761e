<?php
echo "feeds";
