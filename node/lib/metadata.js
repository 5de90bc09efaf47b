'use strict';
// The metadata fields of a session hash (docs/wire-format.md, "Session hash"), as Java's
// SessionDecoder reads them: '@' fields are metadata, '.' fields attributes, anything else
// makes the session corrupt. The names are lib/names.js's.

const names = require('./names');

// Whole and non-negative, as include/meta.lua's meta_int: a negative is corrupt.
const NUMERIC = /^[0-9]{1,15}$/;

class CorruptSession extends Error {}

/**
 * Splits a flat hash reply [field, value, ...] (Buffers) into metadata (text), attributes
 * (name -> decoded value), their stored bytes (name -> Buffer) and the names of attributes
 * the codec cannot decode. Throws CorruptSession on anything include/meta.lua's read_meta
 * refuses: the scripts quarantine such a hash themselves, so on a reply of find.lua it means a
 * broken contract, and on one of rotate_out.lua or describe.lua a session read as empty.
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
      meta[f.toString('utf8')] = v.toString('utf8');
    } else {
      throw new CorruptSession(`field '${f.toString('utf8')}' is neither metadata nor an attribute`);
    }
  }
  return { meta, values, stored, undecodable };
}

function number(meta, f) {
  const v = meta[f];
  if (v === undefined) throw new CorruptSession(`metadata field ${f} is missing`);
  if (!NUMERIC.test(v)) throw new CorruptSession(`metadata field ${f} is not a number`);
  return Number(v);
}

module.exports = { split, number, CorruptSession };
