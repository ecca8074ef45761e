import ms from "ms";

const port = Number(process.env.PORT ?? 18086);
Bun.serve({
  hostname: "127.0.0.1",
  port,
  fetch: () => new Response(`ok bun ${Bun.version} ms=${ms(60000)} uid=${process.getuid!()}\n`),
});
console.log(`listening on ${port}`);
