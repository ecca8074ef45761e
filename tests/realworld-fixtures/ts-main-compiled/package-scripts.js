module.exports = {
  scripts: {
    default: "node build/server.js",
  },
};
