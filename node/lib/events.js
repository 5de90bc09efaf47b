'use strict';
// Durable events (docs/wire-format.md, "Events"): consumer groups over every shard's stream,
// as Java's GroupSubscription. Each shard has a reader on a connection of its own (a blocking
// XREADGROUP on the shared connection would stall every request behind it); each event is
// acknowledged after the handler resolves. A reclaimer takes over events left unacknowledged
// past the visibility timeout (XAUTOCLAIM) and moves those delivered more than maxDeliveries
// times to the dead-letter stream with deadletter.lua, copy and acknowledgement in one step.

const os = require('node:os');
const crypto = require('node:crypto');
const ids = require('./ids');
const contracts = require('./contracts');
const connection = require('./connection');

const { EVENT, SNAPSHOT, EVENT_TYPE, ATTRIBUTE_PREFIX } = require('./names');

const TYPES = new Set(Object.values(EVENT_TYPE));

/** A stream entry's fields to the event handlers see; the fields Java's EventDecoder reads. */
function decodeEvent(shard, entryId, flat, deliveryCount, codec) {
  const body = new Map(contracts.pairs(flat));
  const textOf = (f) => (body.has(f) ? body.get(f).toString('utf8') : null);
  const dateOf = (f) => {
    const v = textOf(f);
    if (v == null) return null;
    if (!/^[0-9]{1,15}$/.test(v)) throw new Error(`field '${f}' is not a number`);
    return new Date(Number(v));
  };
  const type = textOf(EVENT.type);
  if (!TYPES.has(type)) throw new Error(`unknown event type '${type}'`);
  // A snapshot is bounded (1,000 attributes, 256 KiB): 'truncated' with the count left out.
  const omittedText = textOf(EVENT.snapshot_omitted);
  if (omittedText != null && !/^[0-9]{1,9}$/.test(omittedText)) throw new Error("field 'snapshot-omitted' is not a count");
  const snapshotOmitted = omittedText == null ? 0 : Number(omittedText);
  const snapshot = {};
  for (const [f, v] of body) {
    if (f.startsWith(ATTRIBUTE_PREFIX)) {
      try {
        snapshot[f.slice(1)] = codec.decode(v);
      } catch {
        // As in Java: an undecodable snapshot attribute is left out, the event still counts.
      }
    }
  }
  return {
    eventId: `${ids.shardTag(shard)}:${entryId}`,
    type,
    sessionId: textOf(EVENT.sid),
    principal: textOf(EVENT.principal),
    deadline: dateOf(EVENT.deadline),
    writtenAt: dateOf(EVENT.at),
    reason: textOf(EVENT.reason),
    successorId: textOf(EVENT.successor),
    predecessorId: textOf(EVENT.predecessor),
    snapshot,
    snapshotOmitted,
    snapshotTruncated: snapshotOmitted > 0,
    snapshotLost: textOf(EVENT.snapshot) === SNAPSHOT.lost,
    deliveryCount,
  };
}

function consumerName() {
  return `${os.hostname()}-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
}

class GroupSubscription {
  constructor(store, group, handler, options) {
    if (typeof group !== 'string' || !/^[A-Za-z0-9_.:-]{1,64}$/.test(group)) {
      throw new TypeError('group must be 1-64 characters of A-Z a-z 0-9 _ . : -');
    }
    if (typeof handler !== 'function') throw new TypeError('handler must be a function');
    this.store = store;
    this.group = group;
    this.handler = handler;
    this.consumer = options.consumer || consumerName();
    this.visibilityTimeoutMs = options.visibilityTimeoutMs ?? 30_000;
    this.maxDeliveries = options.maxDeliveries ?? 5;
    this.blockMs = options.blockMs ?? 1000;
    this.batchSize = options.batchSize ?? 100;
    this.fromStart = options.fromStart === true;
    this.onError = options.onError || ((e) => store.emit('warning', e));
    this.running = true;
    this.clients = [];
    this.loops = [];
    this.wakers = new Set();
    this.counts = { delivered: 0, redelivered: 0, failed: 0, deadLettered: 0 };
  }

  async start() {
    const s = this.store;
    try {
      for (let shard = 0; shard < s.settings.shards; shard++) {
        await this.ensureGroup(shard);
      }
      for (let shard = 0; shard < s.settings.shards; shard++) {
        const client = connection.open(s.location, s.options, { commandTimeout: this.blockMs + s.options.commandTimeoutMs });
        client.on('error', () => {});
        this.clients.push(client);
        this.loops.push(this.loop(() => this.readOnce(shard, client)));
      }
      const period = Math.max(100, Math.floor(this.visibilityTimeoutMs / 4));
      this.loops.push(this.loop(async () => {
        await this.pause(period);
        for (let shard = 0; shard < s.settings.shards && this.running; shard++) {
          await this.reclaim(shard);
        }
      }));
    } catch (e) {
      await this.close();
      throw e;
    }
    return this;
  }

  async loop(step) {
    let failures = 0;
    while (this.running) {
      try {
        await step();
        failures = 0;
      } catch (e) {
        if (!this.running) return;
        failures++;
        if (failures === 1 || failures % 60 === 0) this.onError(e);
        await this.pause(Math.min(5000, 100 * failures) + Math.floor(Math.random() * 100));
      }
    }
  }

  pause(ms) {
    return new Promise((resolve) => {
      const wake = () => { clearTimeout(t); this.wakers.delete(wake); resolve(); };
      const t = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }

  async ensureGroup(shard) {
    const key = this.store.keys.eventsOfShard(shard);
    try {
      await this.store.runner.command('XGROUP CREATE',
        this.store.client.xgroup('CREATE', key, this.group, this.fromStart ? '0-0' : '$', 'MKSTREAM'));
    } catch (e) {
      if (!String(e.cause && e.cause.message).startsWith('BUSYGROUP')) throw e;
    }
  }

  async readOnce(shard, client) {
    const key = this.store.keys.eventsOfShard(shard);
    let reply;
    try {
      reply = await client.xreadgroupBuffer('GROUP', this.group, this.consumer, 'COUNT', this.batchSize,
        'BLOCK', this.blockMs, 'STREAMS', key, '>');
    } catch (e) {
      if (String(e.message).startsWith('NOGROUP')) {
        // The stream or group vanished (Redis restarted without persistence): recreate it.
        await this.ensureGroup(shard);
        return;
      }
      throw e;
    }
    if (!reply) return;
    for (const [, entries] of reply) {
      for (const [entryId, flat] of entries) {
        if (!this.running) return;
        await this.deliver(shard, entryId.toString(), flat, 1);
      }
    }
  }

  async reclaim(shard) {
    const s = this.store;
    const key = s.keys.eventsOfShard(shard);
    const claimed = await s.runner.command('XAUTOCLAIM', s.client.xautoclaimBuffer(key, this.group, this.consumer,
      this.visibilityTimeoutMs, '0-0', 'COUNT', this.batchSize));
    for (const [idBuf, flat] of claimed[1]) {
      if (!this.running) return;
      const entryId = idBuf.toString();
      const pending = await s.runner.command('XPENDING', s.client.xpending(key, this.group, entryId, entryId, 1));
      const deliveries = pending.length ? Number(pending[0][3]) : 1;
      if (deliveries > this.maxDeliveries) {
        await this.deadLetter(shard, entryId, deliveries, `failed ${deliveries - 1} deliveries`);
      } else {
        this.counts.redelivered++;
        await this.deliver(shard, entryId, flat, deliveries);
      }
    }
  }

  async deliver(shard, entryId, flat, deliveries) {
    if (!flat || flat.length === 0) {
      // Trimmed from the stream while it waited: nothing left to deliver.
      await this.ack(shard, entryId);
      return;
    }
    let event;
    try {
      event = decodeEvent(shard, entryId, flat, deliveries, this.store.codec);
    } catch (e) {
      await this.deadLetter(shard, entryId, deliveries, `unreadable event: ${e.message}`);
      return;
    }
    try {
      await this.handler(event);
    } catch (e) {
      this.counts.failed++;
      this.onError(e, event);
      return;
    }
    this.counts.delivered++;
    await this.ack(shard, entryId);
  }

  async ack(shard, entryId) {
    try {
      await this.store.client.xack(this.store.keys.eventsOfShard(shard), this.group, entryId);
    } catch (e) {
      // The event stays pending and comes back after the visibility timeout: at least once.
      this.onError(e);
    }
  }

  async deadLetter(shard, entryId, deliveries, why) {
    const s = this.store;
    const c = contracts.deadLetter;
    await s.runner.run(c, c.keys(s.keys, shard), c.args(s.settings, this.group, entryId, deliveries, why));
    this.counts.deadLettered++;
  }

  async close() {
    if (!this.running) return;
    this.running = false;
    for (const wake of [...this.wakers]) wake();
    for (const c of this.clients) c.disconnect();
    await Promise.allSettled(this.loops);
    this.store.subscriptions.delete(this);
  }
}

class SessionEvents {
  constructor(store) {
    this.store = store;
  }

  /**
   * Joins consumer group `group` on every shard: each event reaches one instance of the group,
   * at least once; `handler(event)` may return a promise, and the event is acknowledged when
   * it resolves.
   */
  async subscribe(group, handler, options = {}) {
    await this.store.ready();
    const sub = new GroupSubscription(this.store, group, handler, options);
    this.store.subscriptions.add(sub);
    return sub.start();
  }
}

module.exports = { SessionEvents, decodeEvent };
