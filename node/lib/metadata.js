'use strict';
// The metadata fields of a session hash (docs/wire-format.md, "Session hash"), as Java's
// SessionDecoder reads them: '@' fields are metadata, '.' fields attributes, anything else
// makes the session corrupt.

const NUMERIC = /^-?[0-9]+$/;
const DOT = 0x2e;
const AT = 0x40;

class CorruptSession extends Error {}

/**
 * Splits a flat hash reply [field, value, ...] (Buffers) into metadata (text) and attributes
 * (name -> decoded value). Throws CorruptSession on anything Java would quarantine.
 */
function split(flat, codec) {
  const meta = {};
  const values = new Map();
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const f = flat[i];
    const v = flat[i + 1];
    const kind = f[0];
    if (kind === DOT) {
      const name = f.toString('utf8', 1);
      let decoded;
      try {
        decoded = codec.decode(v);
      } catch (e) {
        throw new CorruptSession(`attribute '${name}' cannot be decoded: ${e.message}`);
      }
      if (decoded === null || decoded === undefined) {
        throw new CorruptSession(`attribute '${name}' is stored as JSON null`);
      }
      values.set(name, decoded);
    } else if (kind === AT) {
      meta[f.toString('utf8')] = v.toString('utf8');
    } else {
      throw new CorruptSession(`field '${f.toString('utf8')}' is neither metadata nor an attribute`);
    }
  }
  return { meta, values };
}

function number(meta, f) {
  const v = meta[f];
  if (v === undefined) throw new CorruptSession(`metadata field ${f} is missing`);
  if (!NUMERIC.test(v)) throw new CorruptSession(`metadata field ${f} is not a number`);
  return Number(v);
}

module.exports = { split, number, CorruptSession };
