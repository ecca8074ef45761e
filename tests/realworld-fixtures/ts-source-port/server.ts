import { createServer } from "http";

// server.js is what tsc writes from this file: the port is stated only here.
const port = Number(process.env.PORT || 8080);
createServer((_req, res) => res.end("ok\n")).listen(port);
