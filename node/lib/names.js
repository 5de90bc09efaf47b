'use strict';
// The names the scripts share with every client in Redis (docs/wire-format.md), for Node: the
// same as include/names.lua defines for the scripts and WireFormat.java for Java. One place for
// the package; test/names.test.js runs the Lua include on Redis and fails when they disagree.

/**
 * The metadata keys of a session's body; the session's numbers are the value's header instead
 * (lib/metadata.js). Other '@' keys are reserved: read past, never written.
 */
const META = Object.freeze({
  principal: '@p',
});
const META_BYTE = 0x40;
const ATTRIBUTE_PREFIX = '.';
const ATTRIBUTE_BYTE = 0x2e;

/** The fields of an event stream entry. */
const EVENT = Object.freeze({
  type: 'type',
  sid: 'sid',
  principal: 'principal',
  deadline: 'deadline',
  at: 'at',
  reason: 'reason',
  successor: 'successor',
  predecessor: 'predecessor',
  snapshot: 'snapshot',
  snapshot_omitted: 'snapshot-omitted',
});

const EVENT_TYPE = Object.freeze({
  created: 'created',
  expired: 'expired',
  destroyed: 'destroyed',
  rotated: 'rotated',
});

const SNAPSHOT = Object.freeze({
  none: 'none',
  taken: 'taken',
  truncated: 'truncated',
  lost: 'lost',
});

const REASON = Object.freeze({
  corrupt: 'corrupt',
  evicted_by_limit: 'evicted-by-limit',
});

/** Separates principal and session id in a principal index member. */
const INDEX_SEPARATOR = '\0';

/**
 * The status codes of every script, one code space for all (include/codes.lua, Java's
 * ScriptCode): an array reply starts with one, an integer reply is OK or NONE.
 */
const CODE = Object.freeze({
  OK: 1,
  NONE: 0,
  CORRUPT: -1,
  CONFLICT: -2,
  LOCK_LOST: -3,
  HELD: -4,
  TAKEN: -5,
  LIMIT_REACHED: -6,
  UNDECLARED: -7,
  BACKLOG: -8,
});

/** The principal index member of session `id` (a Buffer); with id '', the start of the principal's range. */
function indexMember(principal, id) {
  return Buffer.concat([Buffer.from(principal, 'utf8'), Buffer.from(INDEX_SEPARATOR, 'latin1'), Buffer.from(id, 'latin1')]);
}

/** The end (exclusive) of the principal's range of index members. */
function indexRangeEnd(principal) {
  return Buffer.concat([Buffer.from(principal, 'utf8'), Buffer.from([INDEX_SEPARATOR.charCodeAt(0) + 1])]);
}

/** The session id of an index member of `principal`. */
function indexId(member, principal) {
  return member.toString('latin1', Buffer.byteLength(principal, 'utf8') + 1);
}

module.exports = {
  META, META_BYTE, ATTRIBUTE_PREFIX, ATTRIBUTE_BYTE, EVENT, EVENT_TYPE, SNAPSHOT, REASON, INDEX_SEPARATOR, CODE,
  indexMember, indexRangeEnd, indexId,
};
