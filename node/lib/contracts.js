'use strict';
// Every script's contract in one place: which KEYS it takes, which ARGV, and what its reply
// means (docs/wire-format.md, "Scripts"). Each entry mirrors the Java caller named beside it,
// so a change to a script's KEYS/ARGV/reply is reconciled here and nowhere else in the
// package; the cross-language tests catch drift.
//
// `keys(k, ...)` gets the KeyLayout, `args(s, ...)` the store settings (below), `reply(r)`
// the raw reply (Buffers for bulk strings, numbers for integers, arrays). Session hashes
// stay flat [field, value, ...] Buffers, as HGETALL gives them, for metadata.split.
//
// Settings: shards, idleMs, absoluteMs, graceMs, quarantineMs, eventsMaxLength,
// snapshotSpec ('' | '*' | JSON array), createdEvents, maxSessionsPerPrincipal, limitPolicy.

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
/** The three keys of the shard-wide principal scripts (PrincipalOperations.shardKeys). */
const shardKeys = (k, shard) => [k.dueOfShard(shard), k.eventsOfShard(shard), k.principalsOfShard(shard)];

/** Attribute fields carry a '.' prefix (SessionDecoder.field). */
const field = (name) => `.${name}`;
const flatSets = (sets) => sets.flatMap(([name, value]) => [field(name), value]);

module.exports = {
  pairs,
  text,
  field,

  // RedisSessionStore.save, new session
  create: {
    script: 'create',
    keys: (k, id) => [k.session(id), k.due(id), k.events(id)],
    args: (s, id, idleMs, absoluteMs, sets) => [id, idleMs, absoluteMs, s.graceMs, s.eventsMaxLength,
      s.createdEvents ? '1' : '0', ...flatSets(sets)],
    reply: (r) => (r.length < 2 ? { taken: true } : { taken: false, now: r[0], deadline: r[1] }),
  },

  // RedisSessionStore.find
  find: {
    script: 'find',
    keys: (k, id) => [...sessionKeys(k, id), k.quarantine(id)],
    args: (s, id) => [id, s.graceMs, s.quarantineMs, s.eventsMaxLength, s.snapshotSpec],
    reply: (r) => {
      if (r[0] === 0) return { status: 'missing' };
      if (r[0] < 0) return { status: 'corrupt' };
      return { status: 'live', now: r[1], deadline: r[2], fields: r[3] };
    },
  },

  // RedisSessionStore.save, loaded session (no version check, no lock)
  save: {
    script: 'save',
    keys: (k, id) => [...sessionKeys(k, id), k.lock(id)],
    args: (s, id, sets, removals, idleMs) => [id, s.graceMs, s.eventsMaxLength, s.snapshotSpec, '', '',
      idleMs == null ? '' : idleMs, sets.length, ...flatSets(sets), ...removals.map(field)],
    reply: (r) => {
      if (r[0] === 1) return { status: 'saved', version: r[1], deadline: r[2] };
      if (r[0] === -2) return { status: 'conflict', version: r[1] };
      if (r[0] === -3) return { status: 'lock-lost' };
      return { status: 'gone' };
    },
  },

  // RedisSessionStore.destroy
  destroy: {
    script: 'destroy',
    keys: sessionKeys,
    args: (s, id, reason) => [id, reason, s.eventsMaxLength, s.snapshotSpec],
    reply: (r) => r === 1,
  },

  // RedisSessionStore.find, on an attribute that does not decode
  quarantine: {
    script: 'quarantine',
    keys: (k, id) => [...sessionKeys(k, id), k.quarantine(id)],
    args: (s, id) => [id, s.quarantineMs, s.eventsMaxLength],
    reply: (r) => r === 1,
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
    reply: (r) => ({ now: r[0], fields: r.slice(1) }),
  },

  // PrincipalOperations.rotate, first half
  rotateOut: {
    script: 'rotate_out',
    keys: sessionKeys,
    args: (s, oldId, newId) => [oldId, newId, s.eventsMaxLength, s.snapshotSpec],
    reply: (r) => (r[0] === 1 ? { live: true, fields: r[1] } : { live: false }),
  },

  // PrincipalOperations.rotate, second half
  rotateIn: {
    script: 'rotate_in',
    keys: sessionKeys,
    args: (s, k, newId, principal, shard, created, idleMs, absoluteMs, predecessor, sets) => [newId,
      principal ?? '', k.sessionPrefix(shard), s.graceMs, s.eventsMaxLength, s.snapshotSpec,
      s.createdEvents ? '1' : '0', principal == null ? 0 : s.maxSessionsPerPrincipal,
      s.limitPolicy === 'refuse' ? 'refuse' : 'evict', created ?? '', idleMs, absoluteMs, predecessor ?? '',
      ...flatSets(sets)],
    reply: (r) => {
      if (r[0] === 1) return { status: 'written', now: r[1], deadline: r[2], created: r[3] };
      if (r[0] === -2) return { status: 'refused', live: r[1] };
      return { status: 'taken' };
    },
  },

  // PrincipalOperations.sessionsOf
  sessionsOf: {
    script: 'sessions_of',
    keys: shardKeys,
    args: (s, k, principal, shard, attributes) => [principal, k.sessionPrefix(shard), s.eventsMaxLength,
      s.snapshotSpec, JSON.stringify(attributes)],
    reply: (r) => {
      const out = [];
      for (let i = 1; i + 4 < r.length; i += 5) {
        out.push({ id: text(r[i]), created: r[i + 1], lastAccess: r[i + 2], deadline: r[i + 3],
          attributes: pairs(r[i + 4]) });
      }
      return out;
    },
  },

  // PrincipalOperations.logoutAll
  logoutAll: {
    script: 'logout_all',
    keys: shardKeys,
    args: (s, k, principal, shard, keepId) => [principal, k.sessionPrefix(shard), s.eventsMaxLength,
      s.snapshotSpec, 'logout-everywhere', keepId ?? ''],
    reply: (r) => r,
  },

  // GroupSubscription.deadLetter
  deadLetter: {
    script: 'deadletter',
    keys: (k, shard) => [k.eventsOfShard(shard), k.deadLettersOfShard(shard)],
    args: (s, group, entryId, deliveries, why) => [group, entryId, deliveries, s.eventsMaxLength, why],
    reply: (r) => r === 1,
  },
};

/** The names of every script the package runs, for the script-text test. */
module.exports.scriptNames = Object.values(module.exports)
  .filter((c) => c && typeof c === 'object' && typeof c.script === 'string')
  .map((c) => c.script);
