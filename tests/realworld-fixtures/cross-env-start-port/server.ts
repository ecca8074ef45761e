import express from "express";

const dbPort = process.env.DB_PORT || 5432;
if (process.env.INSPECT === "1") {
  console.warn("server", "You need to expose the port 9229:9229 to attach a debugger.");
}
const app = express();
app.get("/", (_req, res) => res.send(`ok ${dbPort}`));
const port = process.env.PORT || 3001;
app.listen(port);
