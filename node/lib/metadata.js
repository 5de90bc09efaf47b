'use strict';
// The metadata fields of a session hash (docs/wire-format.md, "Session hash"), as Java's
// SessionDecoder and SessionHeader read them: '@' fields are metadata, '.' fields attributes,
// anything else makes the session corrupt. The names are lib/names.js's.

const names = require('./names');

const { META } = names;

// The header's layout, as include/meta.lua packs it: seven unsigned 64-bit big-endian integers.
const HEADER_BYTES = 56;
// Every number stays below this, as exact in a Lua double (include/meta.lua): a number of 2^63
// or more (the top bit set) is past it too, since the header is read unsigned.
const HEADER_LIMIT = 1_000_000_000_000_000n;

class CorruptSession extends Error {}

/**
 * Splits a flat hash reply [field, value, ...] (Buffers) into metadata (field -> Buffer, as
 * stored: the header is binary), attributes (name -> decoded value), their stored bytes
 * (name -> Buffer) and the names of attributes the codec cannot decode. Throws CorruptSession
 * on a field that is neither metadata nor an attribute; `header` then refuses what else
 * include/meta.lua's read_meta refuses. The scripts quarantine such a hash themselves, so on a
 * reply of find.lua it means a broken contract, and on one of rotate_out.lua or describe.lua a
 * session read as empty.
 *
 * An attribute value that does not decode (or is JSON null) is not corruption, as in Java's
 * SessionDecoder: another instance may know it (a rolling deploy, a Java alias). It is left
 * out of the session, its stored bytes stay as they are, and a save never writes it back.
 */
function split(flat, codec) {
  const meta = {};
  const values = new Map();
  const stored = new Map();
  const undecodable = new Map();
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const f = flat[i];
    const v = flat[i + 1];
    const kind = f[0];
    if (kind === names.ATTRIBUTE_BYTE) {
      const name = f.toString('utf8', 1);
      stored.set(name, v);
      try {
        const decoded = codec.decode(v);
        if (decoded === null || decoded === undefined) undecodable.set(name, 'it is stored as JSON null');
        else values.set(name, decoded);
      } catch (e) {
        undecodable.set(name, e.message);
      }
    } else if (kind === names.META_BYTE) {
      meta[f.toString('utf8')] = v;
    } else {
      throw new CorruptSession(`field '${f.toString('utf8')}' is neither metadata nor an attribute`);
    }
  }
  return { meta, values, stored, undecodable };
}

/**
 * The numbers of the header among split's metadata, all ms by Redis's clock (absolute 0: none):
 * {created, lastAccess, idle, absolute, deadline, version, ttlAt}. Throws CorruptSession, with
 * include/meta.lua's read_header's and Java's SessionHeader's words, on a header that is
 * missing, not 56 bytes, holds a number of 1e15 or more, or an idle timeout below 1 ms.
 */
function header(meta) {
  const v = meta[META.header];
  if (v === undefined || v === null) throw new CorruptSession(`metadata field ${META.header} is missing`);
  if (v.length !== HEADER_BYTES) {
    throw new CorruptSession(`metadata field ${META.header} is ${v.length} bytes, not ${HEADER_BYTES}`);
  }
  const n = new Array(HEADER_BYTES / 8);
  for (let i = 0; i < n.length; i++) {
    const big = v.readBigUInt64BE(i * 8);
    if (big >= HEADER_LIMIT) throw new CorruptSession(`metadata field ${META.header} holds a number of 1e15 or more`);
    n[i] = Number(big);
  }
  if (n[2] < 1) throw new CorruptSession(`metadata field ${META.header} holds an idle timeout below 1 ms`);
  return { created: n[0], lastAccess: n[1], idle: n[2], absolute: n[3], deadline: n[4], version: n[5], ttlAt: n[6] };
}

/** A text metadata field (the principal) among split's metadata, or null when absent. */
function text(meta, field) {
  const v = meta[field];
  return v === undefined ? null : v.toString('utf8');
}

module.exports = { split, header, text, CorruptSession };
