'use strict';
// Consumer groups over the durable event log: one delivery per group, reclaim after the
// visibility timeout, dead letters, and the fields Java's EventDecoder reads.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startStandalone, startCluster, waitUntil } = require('./support/redis');
const { newStore, streamEntries, sleep } = require('./support/fixtures');

for (const [name, start] of [['standalone', startStandalone], ['cluster', () => startCluster(3)]]) {
  describe(`events (${name})`, () => {
    let redis;
    before(async () => { redis = await start(); });
    after(async () => { await redis.stop(); });

    it('each event reaches one instance of a group, with the fields Java decodes', async () => {
      const a = newStore(redis, { snapshot: ['theme'] });
      const b = newStore(redis, { namespace: a.keys.namespace, snapshot: ['theme'] });
      const seen = [];
      const subs = [];
      try {
        for (const [store, who] of [[a, 'a'], [b, 'b']]) {
          subs.push(await store.events.subscribe('billing', (e) => { seen.push({ who, e }); }, { blockMs: 200 }));
        }
        const ids = [];
        for (let i = 0; i < 20; i++) {
          const sid = a.genid();
          await a.set(sid, { cookie: {}, theme: `t${i}` });
          await a.destroy(sid);
          ids.push(sid);
        }
        await waitUntil('40 events', () => seen.length >= 40);
        await sleep(300);
        assert.equal(seen.length, 40, 'each once');
        const destroyed = seen.map((s) => s.e).filter((e) => e.type === 'destroyed');
        assert.deepEqual(destroyed.map((e) => e.sessionId).sort(), [...ids].sort());
        const e = destroyed[0];
        assert.match(e.eventId, /^[0-9]{3}:[0-9]+-[0-9]+$/);
        assert.equal(e.eventId.slice(0, 3), e.sessionId.slice(0, 3));
        assert.equal(e.reason, 'logout');
        assert.ok(e.deadline instanceof Date && e.writtenAt instanceof Date);
        assert.equal(e.snapshot.theme, `t${ids.indexOf(e.sessionId)}`);
        assert.equal(e.snapshotLost, false);
        assert.equal(e.deliveryCount, 1);
        assert.equal(new Set(seen.map((s) => s.e.eventId)).size, 40);
      } finally {
        await Promise.all(subs.map((s) => s.close()));
        await a.close();
        await b.close();
      }
    });

    it('a snapshot over its bound arrives truncated, with how many attributes were left out', async () => {
      const store = newStore(redis, { snapshot: '*' });
      const seen = [];
      try {
        const sub = await store.events.subscribe('bounded', (e) => { seen.push(e); }, { blockMs: 100 });
        const many = { cookie: {} };
        for (let i = 0; i < 1001; i++) many[`a${i}`] = i;
        const big = { cookie: {}, x: 'x'.repeat(100 * 1024), y: 'y'.repeat(100 * 1024), z: 'z'.repeat(100 * 1024) };
        const small = { cookie: {}, theme: 'dark' };
        const sids = [];
        for (const data of [many, big, small]) {
          const sid = store.genid();
          await store.set(sid, data);
          await store.destroy(sid);
          sids.push(sid);
        }
        await waitUntil('three destroyed events', () => seen.filter((e) => e.type === 'destroyed').length >= 3);
        const of = (sid) => seen.find((e) => e.type === 'destroyed' && e.sessionId === sid);
        const [m, b, sm] = sids.map(of);
        assert.equal(Object.keys(m.snapshot).length, 1000, 'at most 1,000 attributes');
        assert.equal(m.snapshotOmitted, 1);
        assert.equal(m.snapshotTruncated, true);
        assert.equal(m.snapshotLost, false);
        assert.equal(Object.keys(b.snapshot).length, 2, 'at most 256 KiB of names and values');
        assert.equal(b.snapshotOmitted, 1);
        assert.equal(b.snapshotTruncated, true);
        assert.deepEqual(sm.snapshot, { theme: 'dark' });
        assert.equal(sm.snapshotOmitted, 0);
        assert.equal(sm.snapshotTruncated, false);
        await sub.close();
      } finally {
        await store.close();
      }
    });

    it('a failed event comes back after the visibility timeout, then goes to the dead letters', async () => {
      const store = newStore(redis);
      const deliveries = [];
      try {
        const sub = await store.events.subscribe('flaky', (e) => {
          deliveries.push(e);
          if (e.type === 'destroyed') throw new Error('handler down');
        }, { visibilityTimeoutMs: 200, maxDeliveries: 2, blockMs: 100, onError: () => {} });
        const sid = store.genid();
        await store.set(sid, { cookie: {}, a: 1 });
        await store.destroy(sid);
        const shard = Number(sid.slice(0, 3));
        const dead = store.keys.deadLettersOfShard(shard);
        await waitUntil('a dead letter', async () => (await store.client.xlen(dead)) === 1, 10_000);
        const tries = deliveries.filter((e) => e.type === 'destroyed');
        assert.deepEqual(tries.map((e) => e.deliveryCount), [1, 2]);
        assert.equal(new Set(tries.map((e) => e.eventId)).size, 1, 'a stable event id');
        const [letter] = await streamEntries(store.client, dead);
        assert.equal(letter.fields.group, 'flaky');
        assert.equal(letter.fields.origin, tries[0].eventId.slice(4));
        assert.equal(letter.fields.deliveries, '3');
        assert.equal(letter.fields.type, 'destroyed');
        assert.equal(letter.fields.sid, sid);
        const pending = await store.client.xpending(store.keys.eventsOfShard(shard), 'flaky');
        assert.equal(pending[0], 0, 'acknowledged once moved');
        await sub.close();
      } finally {
        await store.close();
      }
    });
  });
}
