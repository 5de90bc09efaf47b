'use strict';
// Every Redis key (docs/wire-format.md, "Key layout"), as Java's KeyLayout. All keys of a shard
// share the hash tag {NNN}, so each script's keys are in one slot on Redis Cluster.

const ids = require('./ids');

const NAMESPACE = /^[A-Za-z0-9_.:-]{1,64}$/;

class KeyLayout {
  constructor(namespace) {
    if (typeof namespace !== 'string' || !NAMESPACE.test(namespace)) {
      throw new TypeError(`namespace must be 1-64 characters of A-Z a-z 0-9 _ . : -, got: ${namespace}`);
    }
    this.namespace = namespace;
  }

  shardPrefix(shard) {
    return `${this.namespace}:{${ids.shardTag(shard)}}`;
  }

  /** Only for ids that passed ids.isWellFormed. */
  prefix(id) {
    return `${this.namespace}:{${ids.shardTagOf(id)}}`;
  }

  session(id) { return `${this.prefix(id)}:s:${id}`; }
  due(id) { return `${this.prefix(id)}:due`; }
  events(id) { return `${this.prefix(id)}:events`; }
  principals(id) { return `${this.prefix(id)}:principals`; }
  quarantine(id) { return `${this.prefix(id)}:corrupt:${id}`; }
  lock(id) { return `${this.prefix(id)}:lock:${id}`; }

  dueOfShard(shard) { return `${this.shardPrefix(shard)}:due`; }
  eventsOfShard(shard) { return `${this.shardPrefix(shard)}:events`; }
  deadLettersOfShard(shard) { return `${this.shardPrefix(shard)}:dead`; }
  principalsOfShard(shard) { return `${this.shardPrefix(shard)}:principals`; }
  /** The common start of a shard's session keys, for scripts that derive them from an index. */
  sessionPrefix(shard) { return `${this.shardPrefix(shard)}:s:`; }

  shardCount() { return `${this.namespace}:shards`; }
  /** The namespace's storage format (docs/wire-format.md, "Format version"). */
  format() { return `${this.namespace}:format`; }
}

module.exports = { KeyLayout };
