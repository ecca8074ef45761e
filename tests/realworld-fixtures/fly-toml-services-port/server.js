const express = require("express");

const app = express();
app.get("/", (_req, res) => res.send("served where fly.toml says"));

// Fly's Dockerfile sets PORT to fly.toml's internal_port; 3000 is only the local fallback.
const port = process.env.PORT || 3000;
app.listen(port, () => console.log(`listening on ${port}`));
