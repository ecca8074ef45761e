import { createServer } from "node:http";

const port: number = Number(process.env.PORT ?? 3000);
createServer((_req, res) => res.end("ok\n")).listen(port);
