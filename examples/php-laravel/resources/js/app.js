document.querySelectorAll('a[href="/orders"]').forEach((link) => {
    link.addEventListener('click', () => console.debug('opening orders'));
});
