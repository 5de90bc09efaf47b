'use strict';
// Session ids (docs/wire-format.md, "Session ids"), as Java's SessionIds: three decimal digits
// naming the shard, then 24 URL-safe base64 characters carrying 144 bits from a CSPRNG. The
// fixed length and closed alphabet make the check exact, and it runs before any key is built.

const crypto = require('node:crypto');

const SHARD_DIGITS = 3;
const MAX_SHARDS = 1000;
const RANDOM_BYTES = 18;
const LENGTH = 27;
const FORMAT = /^[0-9]{3}[A-Za-z0-9_-]{24}$/;

function shardTag(shard) {
  if (!Number.isInteger(shard) || shard < 0 || shard >= MAX_SHARDS) {
    throw new RangeError(`shard must be 0..${MAX_SHARDS - 1}, got ${shard}`);
  }
  return String(shard).padStart(SHARD_DIGITS, '0');
}

function generate(shard) {
  return shardTag(shard) + crypto.randomBytes(RANDOM_BYTES).toString('base64url');
}

function randomShard(shards) {
  return crypto.randomInt(shards);
}

/** The exact format check that guards every key built from an id. */
function isWellFormed(id) {
  return typeof id === 'string' && id.length === LENGTH && FORMAT.test(id);
}

/** The shard digits of a well-formed id, as in its keys' hash tag. */
function shardTagOf(id) {
  return id.slice(0, SHARD_DIGITS);
}

function shardOf(id) {
  return Number.parseInt(shardTagOf(id), 10);
}

/** Ids are bearer credentials: logs keep the shard and four characters. */
function redact(id) {
  return isWellFormed(id) ? `${id.slice(0, SHARD_DIGITS + 4)}...` : '<malformed>';
}

module.exports = { SHARD_DIGITS, MAX_SHARDS, LENGTH, shardTag, generate, randomShard, isWellFormed, shardOf, shardTagOf, redact };
