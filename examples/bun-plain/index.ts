const port = Number(process.env.PORT ?? 3300);

const server = Bun.serve({
  port,
  hostname: "0.0.0.0",
  fetch() {
    return new Response("hello from bun-plain");
  },
});

console.log(`listening on 0.0.0.0:${port}`);

// A graceful shutdown of its own: the image's signal preload must let it run to the end (tests/e2e stops
// the container with SIGTERM and expects this line and exit code 0).
process.on("SIGTERM", () => {
  server.stop();
  console.log("bun-plain stopped on SIGTERM");
  process.exit(0);
});
