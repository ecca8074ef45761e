// A scheduled job: it never listens on a port.
setInterval(() => console.log("tick", new Date().toISOString()), 60_000);
