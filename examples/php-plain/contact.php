<?php
declare(strict_types=1);

require __DIR__ . '/includes/layout.php';

$sent = false;
if ($_SERVER['REQUEST_METHOD'] === 'POST') {
    $name = trim((string) ($_POST['name'] ?? ''));
    $sent = $name !== '';
}

page_header('Contact');
?>
<h1>Contact</h1>
<?php if ($sent): ?>
    <p>Thanks, we will be in touch.</p>
<?php else: ?>
    <form method="post">
        <label>Name <input name="name" required></label>
        <button type="submit">Send</button>
    </form>
<?php endif; ?>
<?php page_footer();
