module.exports = { siteMetadata: { title: "fixture" }, plugins: [] };
