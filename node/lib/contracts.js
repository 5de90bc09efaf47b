'use strict';
// Every script's contract in one place: which KEYS it takes, which ARGV, and what its reply
// means (docs/wire-format.md, "Scripts"). Each entry mirrors the Java caller named beside it,
// so a change to a script's KEYS/ARGV/reply is reconciled here and nowhere else in the
// package; the cross-language tests catch drift.
//
// `keys(k, ...)` gets the KeyLayout, `args(s, ...)` the store settings (below), `reply(r)`
// the raw reply (Buffers for bulk strings, numbers for integers, arrays). A session comes as
// its stored value, a Buffer as GET gives it, for metadata.split.
//
// Settings: shards, idleMs, absoluteMs, graceMs, quarantineMs, eventsMaxLength,
// snapshotSpec ('' | '*' | JSON array), createdEvents, maxSessionsPerPrincipal, limitPolicy.

const names = require('./names');

const { CODE } = names;

/**
 * The status code of a script's reply (the first element of an array, or the integer itself),
 * which must be one of `allowed`: any other reply means the scripts and this package disagree.
 */
function code(script, r, ...allowed) {
  const c = Array.isArray(r) ? r[0] : r;
  if (!allowed.includes(c)) {
    throw new Error(`sessionkeeper: unexpected reply from ${script}.lua (status ${JSON.stringify(c ?? null)});`
      + ' the scripts in Redis and this package disagree about the script\'s contract');
  }
  return c;
}

const text = (b) => (b == null ? null : Buffer.isBuffer(b) ? b.toString('utf8') : String(b));

/** An HGETALL-style flat reply [field, value, ...] as [[field string, value Buffer], ...]. */
function pairs(flat) {
  const out = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    out.push([text(flat[i]), flat[i + 1]]);
  }
  return out;
}

/** The four keys every script on one session takes first (RedisSessionStore.sessionKeys). */
const sessionKeys = (k, id) => [k.session(id), k.due(id), k.events(id), k.principals(id)];

/**
 * The keys of a principal page script (PrincipalOperations.pageKeys): the shard's due index,
 * stream and principal index, then the session key of every id of the page.
 */
const pageKeys = (k, shard, page) => [k.dueOfShard(shard), k.eventsOfShard(shard), k.principalsOfShard(shard),
  ...page.map((id) => k.sessionPrefix(shard) + id)];

/** Index entries a principal page script reads at most (PrincipalOperations.PAGE). */
const PAGE = 50;
/** Sessions one sign-in evicts at most (PrincipalOperations.EVICTIONS). */
const EVICTIONS = 20;
/** Entries the limit check reads beyond the limit (PrincipalOperations.LIMIT_SLACK). */
const LIMIT_SLACK = 200;
/** The highest maxSessionsPerPrincipal (PrincipalOperations.MAX_LIMIT). */
const MAX_LIMIT = 1000;
/** How long a reserved sign-in lives unless it is filled (PrincipalOperations.RESERVATION_MS). */
const RESERVATION_MS = 60_000;
/** The longest duration any setting may have: 10 years (include/meta.lua MAX_DURATION_MS). */
const MAX_DURATION_MS = 315_360_000_000;

/** Attribute fields carry a '.' prefix (WireFormat.attributeField). */
const field = (name) => `${names.ATTRIBUTE_PREFIX}${name}`;
const flatSets = (sets) => sets.flatMap(([name, value]) => [field(name), value]);

module.exports = {
  PAGE,
  EVICTIONS,
  LIMIT_SLACK,
  MAX_LIMIT,
  RESERVATION_MS,
  MAX_DURATION_MS,
  pairs,
  text,
  field,

  // RedisSessionStore.save, new session
  create: {
    script: 'create',
    keys: (k, id) => [k.session(id), k.due(id), k.events(id)],
    args: (s, id, idleMs, absoluteMs, sets) => [id, idleMs, absoluteMs, s.graceMs, s.eventsMaxLength,
      s.createdEvents ? '1' : '0', ...flatSets(sets)],
    reply: (r) => (code('create', r, CODE.OK, CODE.TAKEN) === CODE.TAKEN ? { taken: true }
      : { taken: false, now: r[1], deadline: r[2] }),
  },

  // RedisSessionStore.find
  find: {
    script: 'find',
    keys: (k, id) => [...sessionKeys(k, id), k.quarantine(id)],
    args: (s, id) => [id, s.graceMs, s.quarantineMs, s.eventsMaxLength, s.snapshotSpec],
    reply: (r) => {
      const c = code('find', r, CODE.OK, CODE.NONE, CODE.CORRUPT);
      if (c === CODE.NONE) return { status: 'missing' };
      // The script's judgement (include/meta.lua's read_session), quoting data: escape it to log it.
      if (c === CODE.CORRUPT) return { status: 'corrupt', why: r.length > 1 ? String(r[1]) : 'the script gave no reason' };
      // A fifth element: Redis is out of memory and the session was read without its slide.
      return { status: 'live', now: r[1], deadline: r[2], value: r[3], unslid: r.length > 4 };
    },
  },

  // RedisSessionStore.save, loaded session (no version check, no lock)
  save: {
    script: 'save',
    keys: (k, id) => [...sessionKeys(k, id), k.lock(id)],
    args: (s, id, sets, removals, idleMs) => [id, s.graceMs, s.eventsMaxLength, s.snapshotSpec, '', '',
      idleMs == null ? '' : idleMs, sets.length, ...flatSets(sets), ...removals.map(field)],
    reply: (r) => {
      const c = code('save', r, CODE.OK, CODE.NONE, CODE.CONFLICT, CODE.LOCK_LOST);
      if (c === CODE.OK) return { status: 'saved', version: r[1], deadline: r[2] };
      if (c === CODE.CONFLICT) return { status: 'conflict', version: r[1] };
      if (c === CODE.LOCK_LOST) return { status: 'lock-lost' };
      return { status: 'gone' };
    },
  },

  // RedisSessionStore.destroy
  destroy: {
    script: 'destroy',
    keys: sessionKeys,
    args: (s, id, reason) => [id, reason, s.eventsMaxLength, s.snapshotSpec],
    reply: (r) => code('destroy', r, CODE.OK, CODE.NONE) === CODE.OK,
  },

  // RedisSessionStore.count
  count: {
    script: 'count',
    keys: (k, shard) => [k.dueOfShard(shard)],
    args: () => [],
    reply: (r) => r,
  },

  // RedisSessionInspector.describe: read-only, never slides the deadline
  describe: {
    script: 'describe',
    keys: (k, id) => [k.session(id)],
    args: () => [],
    // The value is null when there is no session under the id, and when the key holds another
    // type (the script's third element says so): a listing skips both, as it skips a corrupt value.
    reply: (r) => ({ now: r[0], value: Buffer.isBuffer(r[1]) ? r[1] : null }),
  },

  // PrincipalOperations.rotate, first half
  rotateOut: {
    script: 'rotate_out',
    keys: sessionKeys,
    args: (s, oldId, newId) => [oldId, newId, s.eventsMaxLength, s.snapshotSpec],
    reply: (r) => (code('rotate_out', r, CODE.OK, CODE.NONE) === CODE.OK ? { live: true, value: r[1] } : { live: false }),
  },

  // PrincipalOperations.rotateIn: `mode` 'create' (a new id, the limit checked) or 'fill' (the
  // reservation a 'create' made gets its data); `declared` the ids an earlier UNDECLARED reply asked for.
  rotateIn: {
    script: 'rotate_in',
    keys: (k, newId, shard, declared = []) => [...sessionKeys(k, newId), ...declared.map((id) => k.sessionPrefix(shard) + id)],
    args: (s, k, newId, principal, shard, mode, created, idleMs, absoluteMs, predecessor, sets) => {
      const limit = principal == null ? 0 : s.maxSessionsPerPrincipal;
      return [newId, principal ?? '', k.sessionPrefix(shard), s.graceMs, s.eventsMaxLength, s.snapshotSpec,
        s.createdEvents ? '1' : '0', limit, s.limitPolicy === 'refuse' ? 'refuse' : 'evict', created ?? '', idleMs,
        absoluteMs, predecessor ?? '', mode, limit + LIMIT_SLACK, EVICTIONS, ...flatSets(sets)];
    },
    reply: (r) => {
      const c = code('rotate_in', r, CODE.OK, CODE.TAKEN, CODE.LIMIT_REACHED, CODE.UNDECLARED, CODE.BACKLOG);
      if (c === CODE.OK) return { status: 'written', now: r[1], deadline: r[2], created: r[3] };
      if (c === CODE.LIMIT_REACHED) return { status: 'refused', live: r[1] };
      if (c === CODE.UNDECLARED) return { status: 'declare', ids: r.slice(1).map(text) };
      if (c === CODE.BACKLOG) return { status: 'too-many-dead', entries: r[1] };
      return { status: 'taken' };
    },
  },

  // PrincipalOperations.sessionsOf, one page: `page` the caller's guess of the page's ids
  sessionsOf: {
    script: 'sessions_of',
    keys: (k, shard, page) => pageKeys(k, shard, page),
    args: (s, k, principal, shard, attributes, after) => [principal, k.sessionPrefix(shard), s.eventsMaxLength,
      s.snapshotSpec, JSON.stringify(attributes), after ?? '', PAGE],
    reply: (r) => {
      if (code('sessions_of', r, CODE.OK, CODE.UNDECLARED) === CODE.UNDECLARED) {
        return { status: 'changed', ids: r.slice(1).map(text) };
      }
      const sessions = [];
      for (let i = 3; i + 4 < r.length; i += 5) {
        sessions.push({ id: text(r[i]), created: r[i + 1], lastAccess: r[i + 2], deadline: r[i + 3],
          attributes: pairs(r[i + 4]) });
      }
      return { status: 'page', now: r[1], next: text(r[2]), sessions };
    },
  },

  // PrincipalOperations.logoutAll, one page: `page` the caller's guess of the page's ids
  logoutAll: {
    script: 'logout_all',
    keys: (k, shard, page) => pageKeys(k, shard, page),
    args: (s, k, principal, shard, keepId, after) => [principal, k.sessionPrefix(shard), s.eventsMaxLength,
      s.snapshotSpec, 'logout-everywhere', keepId ?? '', after ?? '', PAGE],
    reply: (r) => (code('logout_all', r, CODE.OK, CODE.UNDECLARED) === CODE.UNDECLARED
      ? { status: 'changed', ids: r.slice(1).map(text) }
      : { status: 'page', destroyed: r[1], next: text(r[2]) }),
  },

  // GroupSubscription.deadLetter
  deadLetter: {
    script: 'deadletter',
    keys: (k, shard) => [k.eventsOfShard(shard), k.deadLettersOfShard(shard)],
    args: (s, group, entryId, deliveries, why) => [group, entryId, deliveries, s.eventsMaxLength, why],
    reply: (r) => code('deadletter', r, CODE.OK, CODE.NONE) === CODE.OK,
  },
};

/** The names of every script the package runs, for the script-text test. */
module.exports.scriptNames = Object.values(module.exports)
  .filter((c) => c && typeof c === 'object' && typeof c.script === 'string')
  .map((c) => c.script);
