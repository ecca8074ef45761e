'use strict';

const Fastify = require('fastify');
const { greeting } = require('@acme/shared');

const app = Fastify();
app.get('/', async () => greeting('pnpm-turbo api'));
app.listen({ host: '0.0.0.0', port: Number(process.env.PORT) || 3001 });
