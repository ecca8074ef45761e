'use strict';

const http = require('node:http');
const ms = require('ms');

const PORT = process.env.PORT ?? 8081;
const started = Date.now();

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/') {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('hello from node-plain-yarn-berry');
    return;
  }
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('not found');
});

server.listen(Number(PORT), '0.0.0.0', () => {
  console.log(`listening on 0.0.0.0:${PORT} (started in ${ms(Date.now() - started)})`);
});
