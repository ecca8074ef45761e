'use strict';

const http = require('node:http');
const escapeHtml = require('escape-html');

const port = process.env.PORT || 4000;

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/') {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('hello from node-bun-lock');
    return;
  }
  res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(`<p>no route for ${escapeHtml(req.url)}</p>`);
});

server.listen(Number(port), '0.0.0.0', () => {
  console.log(`listening on 0.0.0.0:${port}`);
});
