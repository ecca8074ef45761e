document.getElementById("app").textContent = `API at ${import.meta.env.VITE_API_URL}`;
