'use strict';
// A session's stored value as the tests read and plant it in Redis (docs/wire-format.md,
// "Session value"): a 64-byte header of eight unsigned 64-bit big-endian integers, then one
// MessagePack map of string keys to string values. The header is packed and unpacked here by
// hand, and the body is read and rewritten by Redis's own cmsgpack (an EVAL on the key), rather
// than by lib/metadata.js, so that a test reading what the scripts wrote does not lean on the
// decoder it checks. `body` is a small encoder of the same map, for values planted whole.

const HEADER_BYTES = 64;
const ORDER = ['created', 'lastAccess', 'idle', 'absolute', 'deadline', 'version', 'ttlAt', 'fence'];

/** A header's 64 bytes from its numbers (Numbers or BigInts, any of them up to 2^64 - 1). */
function pack(numbers) {
  const b = Buffer.alloc(HEADER_BYTES);
  ORDER.forEach((name, i) => b.writeBigUInt64BE(BigInt(numbers[name]), i * 8));
  return b;
}

/** The numbers of the first 64 bytes of a value, unchecked. */
function unpack(b) {
  const out = {};
  ORDER.forEach((name, i) => { out[name] = Number(b.readBigUInt64BE(i * 8)); });
  return out;
}

function str(s) {
  const b = Buffer.isBuffer(s) ? s : Buffer.from(s, 'utf8');
  const n = b.length;
  const head = n < 32 ? Buffer.from([0xa0 | n])
    : n <= 0xff ? Buffer.from([0xd9, n])
      : n <= 0xffff ? Buffer.from([0xda, n >> 8, n & 0xff])
        : Buffer.from([0xdb, n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
  return Buffer.concat([head, b]);
}

/**
 * A body from an object (or [key, value] pairs) of strings, as cmsgpack.pack writes it:
 * the shortest map and string forms, and an empty array for no entries.
 */
function body(fields) {
  const entries = Array.isArray(fields) ? fields : Object.entries(fields);
  const n = entries.length;
  const head = n === 0 ? Buffer.from([0x90])
    : n < 16 ? Buffer.from([0x80 | n])
      : n <= 0xffff ? Buffer.from([0xde, n >> 8, n & 0xff])
        : Buffer.from([0xdf, n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
  return Buffer.concat([head, ...entries.flatMap(([k, v]) => [str(k), str(v)])]);
}

/** A whole value: the header of `numbers`, then the body of `fields`. */
function value(numbers, fields = {}) {
  return Buffer.concat([pack(numbers), body(fields)]);
}

/** The stored header of the session at `key`, decoded. */
async function readHeader(client, key) {
  const b = await client.getrangeBuffer(key, 0, HEADER_BYTES - 1);
  if (b.length < HEADER_BYTES) throw new Error(`${key} has no header`);
  return unpack(b);
}

/** Rewrites some numbers of the stored header at `key`, the others kept as they are. */
async function changeHeader(client, key, changes) {
  await client.setrange(key, 0, pack({ ...await readHeader(client, key), ...changes }));
}

const READ_BODY = `local v = redis.call('GET', KEYS[1])
if not v then return false end
local out = {}
for k, x in pairs(cmsgpack.unpack(string.sub(v, ${HEADER_BYTES + 1}))) do
  out[#out + 1] = k
  out[#out + 1] = x
end
return out`;

const CHANGE_BODY = `local v = redis.call('GET', KEYS[1])
local t = cmsgpack.unpack(string.sub(v, ${HEADER_BYTES + 1}))
for i = 1, #ARGV, 3 do
  if ARGV[i + 1] == '1' then t[ARGV[i]] = ARGV[i + 2] else t[ARGV[i]] = nil end
end
redis.call('SET', KEYS[1], string.sub(v, 1, ${HEADER_BYTES}) .. cmsgpack.pack(t), 'KEEPTTL')
return 1`;

/**
 * The body of the value at `key` as an object of key -> string, as HGETALL gave a hash's
 * fields (keys with their '@' or '.' prefix); null when there is no such key. One EVAL: mind
 * it where a test counts script calls.
 */
async function fields(client, key) {
  const flat = await client.eval(READ_BODY, 1, key);
  if (flat === null) return null;
  const out = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]] = flat[i + 1];
  return out;
}

/**
 * Sets (a string) or removes (null) entries of the body at `key`, the header and TTL kept as
 * they are. One EVAL: mind it where a test counts script calls.
 */
async function changeFields(client, key, changes) {
  const args = Object.entries(changes).flatMap(([k, v]) => (v === null ? [k, '0', ''] : [k, '1', v]));
  await client.eval(CHANGE_BODY, 1, key, ...args);
}

/** Replaces the body of the value at `key` with `bytes`, the header and TTL kept as they are. */
async function changeBody(client, key, bytes) {
  const head = await client.getrangeBuffer(key, 0, HEADER_BYTES - 1);
  await client.set(key, Buffer.concat([head, bytes]), 'KEEPTTL');
}

module.exports = { HEADER_BYTES, ORDER, pack, unpack, body, value, readHeader, changeHeader, fields, changeFields,
  changeBody };
