// Yarn 4 with no .yarnrc.yml installs with Plug'n'Play: there is no node_modules/ to copy.
const http = require("http");
const ms = require("ms");
const port = process.env.PORT || 8080;
http.createServer((req, res) => res.end(`up ${ms(Math.round(process.uptime() * 1000))}\n`)).listen(port);
