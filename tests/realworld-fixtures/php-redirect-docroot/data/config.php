<?php
return ['salt' => 'set-at-install'];
