<?php
require __DIR__ . '/../app/boot.php';
