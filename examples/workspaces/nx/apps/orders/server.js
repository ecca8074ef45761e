'use strict';

const Fastify = require('fastify');
const { amount } = require('@store/money');

const app = Fastify();
app.get('/', async () => `hello from nx orders ${amount(500)}`);
app.listen({ host: '0.0.0.0', port: Number(process.env.PORT) || 3333 });
