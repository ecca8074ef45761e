'use strict';

const Fastify = require('fastify');

const app = Fastify({ logger: false });

app.get('/', async (request, reply) => {
  reply.type('text/plain');
  return 'hello from node-fastify-pnpm';
});

app
  .listen({ port: Number(process.env.PORT) || 3000, host: process.env.HOST || '0.0.0.0' })
  .then((address) => console.log(`listening on ${address}`))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });

// A graceful shutdown of its own: the image's signal preload must let it run to the end (tests/e2e stops
// the container with SIGTERM and expects this line and exit code 0).
process.on('SIGTERM', async () => {
  await app.close();
  console.log('fastify closed on SIGTERM');
  process.exit(0);
});
