'use strict';
// The metadata fields of a session hash (docs/wire-format.md, "Session hash"), as Java's
// SessionDecoder reads them: '@' fields are metadata, '.' fields attributes, anything else
// makes the session corrupt.

const NUMERIC = /^-?[0-9]+$/;

class CorruptSession extends Error {}

/**
 * Splits [[field, value], ...] into metadata (numbers and the principal) and attributes
 * (name -> decoded value, name -> stored Buffer). Throws CorruptSession on anything Java would
 * quarantine.
 */
function split(fields, codec) {
  const meta = {};
  const stored = new Map();
  const values = new Map();
  for (const [f, v] of fields) {
    if (f.startsWith('.')) {
      const name = f.slice(1);
      let decoded;
      try {
        decoded = codec.decode(v);
      } catch (e) {
        throw new CorruptSession(`attribute '${name}' cannot be decoded: ${e.message}`);
      }
      if (decoded === null || decoded === undefined) {
        throw new CorruptSession(`attribute '${name}' is stored as JSON null`);
      }
      stored.set(name, v);
      values.set(name, decoded);
    } else if (f.startsWith('@')) {
      meta[f] = v.toString('utf8');
    } else {
      throw new CorruptSession(`field '${f}' is neither metadata nor an attribute`);
    }
  }
  return { meta, stored, values };
}

function number(meta, f) {
  const v = meta[f];
  if (v === undefined) throw new CorruptSession(`metadata field ${f} is missing`);
  if (!NUMERIC.test(v)) throw new CorruptSession(`metadata field ${f} is not a number`);
  return Number(v);
}

module.exports = { split, number, CorruptSession };
