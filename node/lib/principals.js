'use strict';
// Principals and their shard (docs/wire-format.md, "Principals"), as Java's Principals: the
// shard is CRC-32 (IEEE, as java.util.zip.CRC32) of the UTF-8 name modulo the shard count.

const MAX_BYTES = 256;

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) {
      c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) {
    c = TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}

// Java's Character.isISOControl: U+0000-U+001F and U+007F-U+009F.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * A principal is 1-256 bytes of well-formed UTF-8 without control characters (as Java's
 * Principals.check): it is part of an index entry, where a NUL separates it from the id. A
 * string that is not well-formed text (a lone surrogate, which Buffer.from encodes as U+FFFD)
 * has no exact UTF-8 form and would share its bytes, and so its index and its "logout
 * everywhere", with another principal: refused. Principals are not normalised.
 */
function check(principal) {
  if (typeof principal !== 'string' || principal.length === 0) {
    throw new TypeError('principal must be a non-empty string');
  }
  if (CONTROL.test(principal)) {
    throw new TypeError('principal must not contain control characters');
  }
  const lone = LONE_SURROGATE.exec(principal);
  if (lone) {
    throw new TypeError(`principal is not well-formed text (a lone surrogate at index ${lone.index}), so it has no `
      + 'exact UTF-8 form');
  }
  if (Buffer.byteLength(principal, 'utf8') > MAX_BYTES) {
    throw new RangeError(`principal is longer than ${MAX_BYTES} bytes of UTF-8`);
  }
}

function shard(principal, shards) {
  return crc32(Buffer.from(principal, 'utf8')) % shards;
}

module.exports = { MAX_BYTES, check, shard, crc32 };
