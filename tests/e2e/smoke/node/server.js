const http = require("http");
const ms = require("ms");
const port = Number(process.env.PORT || 18081);
http.createServer((req, res) => {
  res.end(`ok node ${process.version} ms=${ms(60000)} uid=${process.getuid()}\n`);
}).listen(port, "127.0.0.1", () => console.log(`listening on ${port}`));
