console.log('serving the built site');
