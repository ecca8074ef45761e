// Storefront: renders the products the catalogue API serves.
const express = require("express");

const app = express();
const api = process.env.CATALOG_API_URL || "http://localhost:8000";

app.get("/", async (_req, res) => {
  try {
    const products = await (await fetch(`${api}/products`)).json();
    const items = products.map((p) => `<li>${p.name}: ${p.stock}</li>`).join("");
    res.send(`<h1>Storefront</h1><ul>${items}</ul>`);
  } catch (err) {
    res.status(502).send(`catalogue unavailable: ${err.message}`);
  }
});

app.listen(process.env.PORT || 3000);
