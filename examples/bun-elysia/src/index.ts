import { Elysia } from "elysia";

new Elysia()
  .get("/", () => "hello from bun-elysia")
  .listen({ hostname: "0.0.0.0", port: Number(process.env.PORT ?? 3000) });
