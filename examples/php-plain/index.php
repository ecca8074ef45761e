<?php
declare(strict_types=1);

require __DIR__ . '/includes/layout.php';

$visits = [
    'Mon' => 120,
    'Tue' => 98,
    'Wed' => 143,
];

page_header('Guestbook');
?>
<h1>hello from php-plain</h1>
<p>Served by PHP <?= htmlspecialchars(PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION) ?>.</p>
<table>
    <?php foreach ($visits as $day => $count): ?>
        <tr><th><?= htmlspecialchars($day) ?></th><td><?= $count ?></td></tr>
    <?php endforeach; ?>
</table>
<p><a href="contact.php">Contact</a></p>
<?php page_footer();
