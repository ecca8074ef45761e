<?php
header('Location: p/', true, 301);
