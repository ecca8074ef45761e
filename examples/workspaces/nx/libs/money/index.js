'use strict';

// Cents to a displayed amount: shared by the store and the orders API.
exports.amount = (cents) => (cents / 100).toFixed(2);
