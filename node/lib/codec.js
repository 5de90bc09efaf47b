'use strict';
// Attribute values (docs/wire-format.md, "Attribute values"): each attribute is one JSON
// document, as Java's JsonAttributeCodec writes it. Java values of registered classes are
// stored as `@alias:{json}`; they are read here as a TypedValue and written back in the same
// form, so an express app can carry a Java service's typed values without understanding them.

const ALIASED = /^@([A-Za-z0-9_.$-]{1,64}):/;

class TypedValue {
  constructor(alias, value) {
    if (!/^[A-Za-z0-9_.$-]{1,64}$/.test(alias)) {
      throw new TypeError(`alias must be 1-64 characters of A-Z a-z 0-9 _ . $ -, got: ${alias}`);
    }
    this.alias = alias;
    this.value = value;
  }

  toJSON() {
    return { '@alias': this.alias, value: this.value };
  }
}

const json = Object.freeze({
  /** A value to its stored text; undefined for values JSON cannot hold (functions, undefined). */
  encode(value) {
    if (value instanceof TypedValue) {
      return `@${value.alias}:${JSON.stringify(value.value)}`;
    }
    return JSON.stringify(value);
  },

  /** Stored bytes to a value; throws on anything that is not one JSON document. */
  decode(buffer) {
    const text = buffer.toString('utf8');
    // Only a value that starts with '@' can carry an alias: plain JSON never does.
    const m = text.charCodeAt(0) === 0x40 ? ALIASED.exec(text) : null;
    if (m) {
      return new TypedValue(m[1], JSON.parse(text.slice(m[0].length)));
    }
    return JSON.parse(text);
  },
});

module.exports = { json, TypedValue };
