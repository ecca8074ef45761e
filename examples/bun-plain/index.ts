const port = Number(process.env.PORT ?? 3300);

Bun.serve({
  port,
  hostname: "0.0.0.0",
  fetch() {
    return new Response("hello from bun-plain");
  },
});

console.log(`listening on 0.0.0.0:${port}`);
