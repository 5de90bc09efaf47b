'use strict';
// Redis killed and restarted: calls fail with a clear error within the command timeout, and
// the store heals by itself, its script cache empty (NOSCRIPT, then EVAL).

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { RedisServer } = require('./support/redis');
const { newStore } = require('./support/fixtures');
const { RedisUnavailableError } = require('..');

describe('Redis down', () => {
  it('a killed Redis fails calls within the command timeout; a restarted one serves again', async () => {
    const redis = await new RedisServer().start();
    const store = newStore(redis, { commandTimeoutMs: 400 });
    try {
      const sid = store.genid();
      await store.set(sid, { cookie: {}, a: 1 });
      await redis.kill();
      for (let i = 0; i < 3; i++) {
        const began = Date.now();
        await assert.rejects(store.get(sid), (e) => e instanceof RedisUnavailableError && e.code === 'REDIS_UNAVAILABLE'
          && e.message.includes('127.0.0.1'));
        assert.ok(Date.now() - began < 400 + 2000, 'bounded by the command timeout');
      }
      await redis.start();
      const fresh = store.genid();
      let done = false;
      for (let i = 0; i < 50 && !done; i++) {
        try {
          await store.set(fresh, { cookie: {}, b: 2 });
          done = true;
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      assert.ok(done, 'reconnected');
      assert.equal((await store.get(fresh)).b, 2);
    } finally {
      await store.close();
      await redis.stop();
    }
  });
});
