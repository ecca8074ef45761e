"use strict";

// fastify-cli loads this plugin and listens itself.
module.exports = async function (fastify) {
  fastify.get("/", async () => ({ ok: true }));
};
