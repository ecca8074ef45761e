'use strict';

// The greeting both apps show: the one thing this package shares.
exports.greeting = (who) => `hello from ${who}`;
