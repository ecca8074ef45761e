document.getElementById("app").textContent = "ok";
