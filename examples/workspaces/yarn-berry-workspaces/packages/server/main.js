'use strict';

const Koa = require('koa');
const { title } = require('@notes/utils');

const app = new Koa();
app.use((ctx) => { ctx.body = title('hello from yarn-berry-workspaces'); });
app.listen(Number(process.env.PORT) || 4000, '0.0.0.0');
