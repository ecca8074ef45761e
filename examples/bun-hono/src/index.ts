import { Hono } from "hono";

const app = new Hono();
app.get("/", (c) => c.text("hello from bun-hono"));

// Bun serves the default export: port and fetch handler.
export default { port: 8787, hostname: "0.0.0.0", fetch: app.fetch };
