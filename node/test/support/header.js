'use strict';
// A session hash's header ('@m') as the tests read and plant it in Redis: seven unsigned 64-bit
// big-endian integers, packed and unpacked here by hand rather than by lib/metadata.js, so that
// a test reading what the scripts wrote does not lean on the decoder it checks.

const FIELD = '@m';
const ORDER = ['created', 'lastAccess', 'idle', 'absolute', 'deadline', 'version', 'ttlAt'];

/** A header's 56 bytes from its numbers (Numbers or BigInts, any of them up to 2^64 - 1). */
function pack(numbers) {
  const b = Buffer.alloc(ORDER.length * 8);
  ORDER.forEach((name, i) => b.writeBigUInt64BE(BigInt(numbers[name]), i * 8));
  return b;
}

/** The numbers of a header's 56 bytes, unchecked. */
function unpack(b) {
  const out = {};
  ORDER.forEach((name, i) => { out[name] = Number(b.readBigUInt64BE(i * 8)); });
  return out;
}

/** The stored header of the session hash at `key`, decoded. */
async function readHeader(client, key) {
  const b = await client.hgetBuffer(key, FIELD);
  if (b === null) throw new Error(`${key} has no header`);
  return unpack(b);
}

/** Rewrites some numbers of the stored header at `key`, the others kept as they are. */
async function changeHeader(client, key, changes) {
  const b = pack({ ...await readHeader(client, key), ...changes });
  await client.hset(key, FIELD, b);
}

module.exports = { FIELD, pack, unpack, readHeader, changeHeader };
