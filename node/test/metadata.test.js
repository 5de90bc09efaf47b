'use strict';
// lib/metadata.js's header reader against the scripts' own (include/meta.lua's header and
// read_header, run on a real Redis): Node reads what Lua packs, Lua reads what the tests pack,
// and both refuse the same headers with the same words (as Java's WireFormatTest does for
// SessionHeader).

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const Redis = require('ioredis');
const { startStandalone } = require('./support/redis');
const { pack } = require('./support/header');
const scripts = require('../lib/scripts');
const metadata = require('../lib/metadata');

const EXPECTED = { created: 1_700_000_000_123, lastAccess: 1_700_000_000_456, idle: 1_800_000, absolute: 0,
  deadline: 1_700_001_800_456, version: 41, ttlAt: 999_999_999_999_999 };

const read = (b) => metadata.header({ '@m': b });

describe('session header', () => {
  let redis;
  let client;
  let lua;
  before(async () => {
    redis = await startStandalone();
    client = new Redis(redis.url);
    lua = ['names', 'meta'].map((f) => fs.readFileSync(path.join(scripts.scriptDir(), 'include', `${f}.lua`), 'utf8'))
      .join('\n');
  });
  after(async () => {
    client.disconnect();
    await redis.stop();
  });

  it('Node reads the header Lua packs, and Lua reads the one packed here', async () => {
    const packed = await client.evalBuffer(`${lua}\nreturn header({created = 1700000000123, last_access = 1700000000456,`
      + ' idle = 1800000, absolute = 0, deadline = 1700001800456, version = 41, ttl_at = 999999999999999})', 0);
    assert.deepEqual(packed, pack(EXPECTED));
    assert.deepEqual(read(packed), EXPECTED);

    const numbers = await client.eval(`${lua}\nlocal m, why = read_header(ARGV[1]) if not m then return why end`
      + ' return {m.created, m.last_access, m.idle, m.absolute, m.deadline, m.version, m.ttl_at}', 0, pack(EXPECTED));
    assert.deepEqual(numbers, Object.values(EXPECTED));
  });

  it('is refused by both sides alike: another length, a number of 1e15 or more, an idle timeout below 1 ms', async () => {
    const bad = [
      [pack(EXPECTED).subarray(0, 55), 'metadata field @m is 55 bytes, not 56'],
      [Buffer.concat([pack(EXPECTED), Buffer.alloc(1)]), 'metadata field @m is 57 bytes, not 56'],
      [Buffer.alloc(0), 'metadata field @m is 0 bytes, not 56'],
      [pack({ ...EXPECTED, created: 1e15 }), 'metadata field @m holds a number of 1e15 or more'],
      [pack({ ...EXPECTED, ttlAt: 1e15 }), 'metadata field @m holds a number of 1e15 or more'],
      // The top bit set: read unsigned, past 1e15, never a negative number.
      [pack({ ...EXPECTED, deadline: 2n ** 63n }), 'metadata field @m holds a number of 1e15 or more'],
      [pack({ ...EXPECTED, version: 2n ** 64n - 1n }), 'metadata field @m holds a number of 1e15 or more'],
      [pack({ ...EXPECTED, idle: 0 }), 'metadata field @m holds an idle timeout below 1 ms'],
    ];
    for (const [value, why] of bad) {
      assert.throws(() => read(value), (e) => e instanceof metadata.CorruptSession && e.message === why, why);
      const fromLua = await client.eval(`${lua}\nlocal m, why = read_header(ARGV[1]) if not m then return why end`
        + ' return "read"', 0, value);
      assert.equal(fromLua, why);
    }
    assert.throws(() => metadata.header({}), (e) => e instanceof metadata.CorruptSession
      && e.message === 'metadata field @m is missing');
  });

  it('takes the largest numbers a header holds, and an absolute timeout of 0 (none)', () => {
    const largest = { ...EXPECTED, created: 1e15 - 1, idle: 1, absolute: 0, version: 1e15 - 1 };
    assert.deepEqual(read(pack(largest)), largest);
  });

  it('keeps the header as stored bytes, principal as text, when a hash reply is split', () => {
    const flat = [Buffer.from('@m'), pack(EXPECTED), Buffer.from('@p'), Buffer.from('ann@example.com'),
      Buffer.from('.a'), Buffer.from('1')];
    const parts = metadata.split(flat, { decode: (b) => JSON.parse(b.toString('utf8')) });
    assert.ok(Buffer.isBuffer(parts.meta['@m']));
    assert.deepEqual(metadata.header(parts.meta), EXPECTED);
    assert.equal(metadata.text(parts.meta, '@p'), 'ann@example.com');
    assert.equal(metadata.text(parts.meta, '@f'), null);
    assert.equal(parts.values.get('a'), 1);
  });
});
