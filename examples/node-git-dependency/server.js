'use strict';

const http = require('node:http');
const ms = require('ms');

const port = process.env.PORT || 3000;
const started = Date.now();

http
  .createServer((req, res) => {
    res.setHeader('content-type', 'text/plain');
    if (req.url === '/uptime') {
      res.end(ms(Date.now() - started, { long: true }));
      return;
    }
    res.end('hello from node-git-dependency');
  })
  .listen(port, '0.0.0.0', () => {
    console.log(`listening on 0.0.0.0:${port}`);
  });
