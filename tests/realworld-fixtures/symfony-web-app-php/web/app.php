<?php
// Symfony 3-style front controller in web/, no public/.
echo "ok";
