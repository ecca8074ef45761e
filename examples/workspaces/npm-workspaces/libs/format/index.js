'use strict';

// Prices as the shop shows them: the one thing both services share.
exports.price = (cents) => (cents / 100).toFixed(2);
