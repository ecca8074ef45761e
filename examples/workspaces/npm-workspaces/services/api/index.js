'use strict';

const express = require('express');
const { price } = require('@shop/format');

const app = express();
app.get('/', (_req, res) => res.send('hello from npm-workspaces api ' + price(1999)));
app.listen(Number(process.env.PORT) || 8080, '0.0.0.0');
