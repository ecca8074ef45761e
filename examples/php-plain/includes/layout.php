<?php
declare(strict_types=1);

function page_header(string $title): void
{
    echo '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">';
    echo '<title>' . htmlspecialchars($title) . '</title>';
    echo '<link rel="stylesheet" href="css/site.css"></head><body>';
}

function page_footer(): void
{
    echo '</body></html>';
}
