'use strict';

// A title-cased note heading: what the server imports from this package.
exports.title = (s) => s.replace(/\b\w/g, (c) => c.toUpperCase());
