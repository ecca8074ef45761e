console.log("starting");
