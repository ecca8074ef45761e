// Settings, from the environment with defaults for local runs.
module.exports = {
    database: {
        host: process.env.DB_HOST || "localhost",
        port: 5432,
    },
    host: process.env.HOST || "0.0.0.0",
    port: [process.env.APP_PORT, process.env.PORT, 3001].map(Number).find((p) => p > 0),
};
