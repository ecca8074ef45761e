import express from "express";
import { Greeter } from "./greeter";

const app = express();
const greeter = new Greeter("compiled");
app.get("/", (_req, res) => res.send(greeter.greet()));

const port = Number(process.env.PORT ?? 4000);
app.listen(port, () => console.log(`listening on ${port}`));
