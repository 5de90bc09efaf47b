'use strict';
// A reader of the one MessagePack shape a session's body has (docs/wire-format.md, "Session
// value"): a single map of string keys to string values, as Redis's cmsgpack.pack writes it
// from a Lua table. Only that subset is read, which is all the scripts write; anything else is
// refused rather than skipped, so a body is never half understood. Written here rather than
// taken from npm: the subset is a few lines, and the package keeps ioredis as its one
// dependency.
//
// Read: maps (fixmap 0x80-0x8f, map16 0xde, map32 0xdf); strings (fixstr 0xa0-0xbf, str8 0xd9,
// str16 0xda, str32 0xdb) and, for other writers, the bin family (0xc4, 0xc5, 0xc6) as strings;
// an empty array (0x90, 0xdc 0 0, 0xdd 0 0 0 0) as the empty map, since cmsgpack.pack({})
// writes one. All lengths big-endian.

class MalformedBody extends Error {}

/** The length of the string at `pos` and where its bytes start, or null if no string starts there. */
function stringAt(b, pos) {
  const t = b[pos];
  if (t >= 0xa0 && t <= 0xbf) return [t & 0x1f, pos + 1];
  if (t === 0xd9 || t === 0xc4) return pos + 2 <= b.length ? [b[pos + 1], pos + 2] : null;
  if (t === 0xda || t === 0xc5) return pos + 3 <= b.length ? [b.readUInt16BE(pos + 1), pos + 3] : null;
  if (t === 0xdb || t === 0xc6) return pos + 5 <= b.length ? [b.readUInt32BE(pos + 1), pos + 5] : null;
  return null;
}

/** The number of entries of the map (or empty array) at `pos` and where they start. */
function mapAt(b, pos) {
  const t = b[pos];
  if (t >= 0x80 && t <= 0x8f) return [t & 0x0f, pos + 1];
  if (t === 0xde) return pos + 3 <= b.length ? [b.readUInt16BE(pos + 1), pos + 3] : null;
  if (t === 0xdf) return pos + 5 <= b.length ? [b.readUInt32BE(pos + 1), pos + 5] : null;
  if (t === 0x90) return [0, pos + 1];
  if (t === 0xdc && pos + 3 <= b.length && b.readUInt16BE(pos + 1) === 0) return [0, pos + 3];
  if (t === 0xdd && pos + 5 <= b.length && b.readUInt32BE(pos + 1) === 0) return [0, pos + 5];
  return null;
}

const where = (b, pos) => (pos >= b.length ? 'the end of the body' : `byte 0x${b[pos].toString(16).padStart(2, '0')}`);

/**
 * The entries of the map that makes up `b` from `start` to its end, as [key, value] Buffers
 * (views into `b`, in stored order; a repeated key appears as often as it is stored). Throws
 * MalformedBody when those bytes are not exactly one such map: nothing, another type, a key or
 * value that is not a string, a length past the end, or bytes after the map.
 */
function readMap(b, start = 0) {
  if (start >= b.length) throw new MalformedBody('the body is empty, not a MessagePack map');
  const head = mapAt(b, start);
  if (!head) throw new MalformedBody(`the body starts with ${where(b, start)}, not a MessagePack map`);
  const [n, first] = head;
  // Each entry takes at least two bytes: a count beyond that is a truncated body, refused
  // before anything is allocated for it.
  if (n > (b.length - first) / 2) throw new MalformedBody(`the body's map of ${n} entries is cut short`);
  const entries = new Array(n);
  let pos = first;
  for (let i = 0; i < n; i++) {
    const kv = new Array(2);
    for (let j = 0; j < 2; j++) {
      const s = stringAt(b, pos);
      const what = j === 0 ? 'key' : 'value';
      if (!s) throw new MalformedBody(`entry ${i + 1} of the body's map has a ${what} at ${where(b, pos)}, not a string`);
      const [len, at] = s;
      if (at + len > b.length) throw new MalformedBody(`entry ${i + 1} of the body's map has a ${what} cut short`);
      kv[j] = b.subarray(at, at + len);
      pos = at + len;
    }
    entries[i] = kv;
  }
  if (pos !== b.length) throw new MalformedBody(`the body has ${b.length - pos} bytes after its map`);
  return entries;
}

module.exports = { readMap, MalformedBody };
