module.exports = { entry: "./guestbook/js/embed.js", output: { filename: "embed.min.js" } };
