// A Node server with no package.json: only the standard library.
const http = require("http");
const port = process.env.PORT || 8080;
http
  .createServer((req, res) => res.end("ok\n"))
  .listen(port, () => console.log(`listening on ${port}`));
