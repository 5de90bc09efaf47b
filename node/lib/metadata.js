'use strict';
// A session's stored value (docs/wire-format.md, "Session value"), as Java's SessionDecoder and
// SessionHeader read it: a 64-byte header of the session's numbers, then one MessagePack map
// (lib/msgpack.js) whose '@' keys are metadata and '.' keys attributes; any other key makes the
// session corrupt. The names are lib/names.js's.

const names = require('./names');
const { MAX_DURATION_MS } = require('./contracts');
const { readMap, MalformedBody } = require('./msgpack');

const { META } = names;

// The header's layout, as include/meta.lua packs it: eight unsigned 64-bit big-endian integers.
const HEADER_BYTES = 64;
// Every number stays below this, as exact in a Lua double (include/meta.lua): a number of 2^63
// or more (the top bit set) is past it too, since the header is read unsigned.
const HEADER_LIMIT = 1_000_000_000_000_000n;

const PRINCIPAL_KEY = Buffer.from(META.principal, 'utf8');

class CorruptSession extends Error {}

/**
 * The numbers of a value's header (its first 64 bytes; what follows is not looked at), all ms
 * by Redis's clock (absolute 0: none): {created, lastAccess, idle, absolute, deadline, version,
 * ttlAt, fence}. Throws CorruptSession, with include/meta.lua's read_header's and Java's
 * SessionHeader's words, on a value shorter than the header, a number of 1e15 or more, an idle
 * timeout below 1 ms, or a timeout over 10 years (a rotation passes the timeouts on to rotate_in,
 * which refuses longer ones).
 */
function header(value) {
  if (!Buffer.isBuffer(value)) throw new CorruptSession('the session has no value');
  if (value.length < HEADER_BYTES) {
    throw new CorruptSession(`the value is ${value.length} bytes, shorter than its ${HEADER_BYTES}-byte header`);
  }
  const n = new Array(HEADER_BYTES / 8);
  for (let i = 0; i < n.length; i++) {
    const big = value.readBigUInt64BE(i * 8);
    if (big >= HEADER_LIMIT) throw new CorruptSession('the header holds a number of 1e15 or more');
    n[i] = Number(big);
  }
  if (n[2] < 1) throw new CorruptSession('the header holds an idle timeout below 1 ms');
  if (n[2] > MAX_DURATION_MS || n[3] > MAX_DURATION_MS) {
    throw new CorruptSession(`the header holds a timeout over ${MAX_DURATION_MS} ms`);
  }
  return { created: n[0], lastAccess: n[1], idle: n[2], absolute: n[3], deadline: n[4], version: n[5], ttlAt: n[6],
    fence: n[7] };
}

/**
 * Splits a stored value (a Buffer) into its header's numbers (`header`), the principal (text,
 * or null), attributes (name -> decoded value), their stored bytes (name -> Buffer) and the
 * names of attributes the codec cannot decode. Throws CorruptSession on what include/meta.lua's
 * read_session refuses: a header `header` refuses, a body that is not one MessagePack map of
 * strings, or a key in it that is neither metadata nor an attribute. Other '@' keys than the
 * principal are reserved: passed over here, carried through by the scripts. The scripts
 * quarantine a corrupt session themselves, so on a reply of find.lua this means a broken
 * contract, and on one of rotate_out.lua or describe.lua a session read as empty.
 *
 * An attribute value that does not decode (or is JSON null) is not corruption, as in Java's
 * SessionDecoder: another instance may know it (a rolling deploy, a Java alias). It is left
 * out of the session, its stored bytes stay as they are, and a save never writes it back.
 */
function split(value, codec) {
  const head = header(value);
  let entries;
  try {
    entries = readMap(value, HEADER_BYTES);
  } catch (e) {
    if (e instanceof MalformedBody) throw new CorruptSession(e.message);
    throw e;
  }
  let principal = null;
  const values = new Map();
  const stored = new Map();
  const undecodable = new Map();
  for (const [k, v] of entries) {
    const kind = k[0];
    if (kind === names.ATTRIBUTE_BYTE) {
      const name = k.toString('utf8', 1);
      stored.set(name, v);
      values.delete(name);
      undecodable.delete(name);
      try {
        const decoded = codec.decode(v);
        if (decoded === null || decoded === undefined) undecodable.set(name, 'it is stored as JSON null');
        else values.set(name, decoded);
      } catch (e) {
        undecodable.set(name, e.message);
      }
    } else if (kind === names.META_BYTE) {
      if (k.equals(PRINCIPAL_KEY)) principal = v.toString('utf8');
    } else {
      throw new CorruptSession(`key '${k.toString('utf8')}' is neither metadata nor an attribute`);
    }
  }
  return { header: head, principal, values, stored, undecodable };
}

module.exports = { split, header, HEADER_BYTES, CorruptSession };
