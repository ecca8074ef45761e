document.querySelectorAll("[data-guestbook]").forEach((el) => {
  el.textContent = "guestbook";
});
