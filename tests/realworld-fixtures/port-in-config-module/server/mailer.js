// Not the server's settings: its SMTP port is never the app's.
const transport = { host: "smtp.example.com", port: 2525 };

exports.sendReport = async () => transport;
