'use strict';
const { SessionKeeperStore } = require('./lib/store');
const { TypedValue, json } = require('./lib/codec');
const errors = require('./lib/errors');
const ids = require('./lib/ids');

module.exports = {
  SessionKeeperStore,
  TypedValue,
  jsonCodec: json,
  isWellFormedId: ids.isWellFormed,
  redactId: ids.redact,
  ...errors,
};
