const express = require("express");
const config = require("./config");
const { sendReport } = require("./mailer");

const app = express();
app.get("/", (_req, res) => res.send("ok"));
app.post("/report", (_req, res) => sendReport().then(() => res.sendStatus(204)));

app.listen(config.port, config.host, () => console.log(`listening on ${config.port}`));
