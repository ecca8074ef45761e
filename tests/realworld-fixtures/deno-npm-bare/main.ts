import express from "npm:express@4.21.0";

const app = express();
app.get("/", (_req, res) => res.send("hello"));
app.listen(8000);
