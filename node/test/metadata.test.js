'use strict';
// lib/metadata.js's value reader against the scripts' own (include/meta.lua's header,
// read_header, session_value and read_session, run on a real Redis): Node reads what Lua
// writes, Lua reads what the tests pack, and both refuse the same values, headers with the same
// words (as Java's WireFormatTest does for SessionHeader).

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const Redis = require('ioredis');
const { startStandalone } = require('./support/redis');
const { pack, body, value } = require('./support/header');
const scripts = require('../lib/scripts');
const metadata = require('../lib/metadata');

const EXPECTED = { created: 1_700_000_000_123, lastAccess: 1_700_000_000_456, idle: 1_800_000, absolute: 0,
  deadline: 1_700_001_800_456, version: 41, ttlAt: 999_999_999_999_999, fence: 7 };
const LUA_HEADER = '{created = 1700000000123, last_access = 1700000000456, idle = 1800000, absolute = 0,'
  + ' deadline = 1700001800456, version = 41, ttl_at = 999999999999999, fence = 7}';
const LUA_NUMBERS = '{m.created, m.last_access, m.idle, m.absolute, m.deadline, m.version, m.ttl_at, m.fence}';

const JSON_CODEC = { decode: (b) => JSON.parse(b.toString('utf8')) };

describe('session value', () => {
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

  // Lua's read_session of a value: 'read', then its fields as sorted pairs; or why it refuses it.
  const readByLua = (v) => client.eval(`${lua}\nlocal m, fields = read_session(ARGV[1])
if not m then return fields end
local keys = {}
for k in pairs(fields) do keys[#keys + 1] = k end
table.sort(keys)
local out = {'read'}
for _, k in ipairs(keys) do out[#out + 1] = k out[#out + 1] = fields[k] end
return out`, 0, v);

  it('Node reads the header Lua packs, and Lua reads the one packed here', async () => {
    const packed = await client.evalBuffer(`${lua}\nreturn header(${LUA_HEADER})`, 0);
    assert.deepEqual(packed, pack(EXPECTED));
    assert.deepEqual(metadata.header(packed), EXPECTED);

    const numbers = await client.eval(`${lua}\nlocal m, why = read_header(ARGV[1]) if not m then return why end`
      + ` return ${LUA_NUMBERS}`, 0, value(EXPECTED, { '.a': '1' }));
    assert.deepEqual(numbers, Object.values(EXPECTED));
  });

  it('a header is refused by both sides alike: too short, a number of 1e15 or more, an idle timeout below 1 ms,'
    + ' a timeout over 10 years', async () => {
    const bad = [
      pack(EXPECTED).subarray(0, 63),
      Buffer.from('soon'),
      Buffer.alloc(0),
      pack({ ...EXPECTED, created: 1e15 }),
      pack({ ...EXPECTED, ttlAt: 1e15 }),
      pack({ ...EXPECTED, fence: 1e15 }),
      // The top bit set: read unsigned, past 1e15, never a negative number.
      pack({ ...EXPECTED, deadline: 2n ** 63n }),
      pack({ ...EXPECTED, version: 2n ** 64n - 1n }),
      pack({ ...EXPECTED, idle: 0 }),
      pack({ ...EXPECTED, idle: 315_360_000_001 }),
      pack({ ...EXPECTED, absolute: 315_360_000_001 }),
    ];
    for (const v of bad) {
      const fromLua = await client.eval(`${lua}\nlocal m, why = read_header(ARGV[1]) if not m then return why end`
        + ' return "read"', 0, v);
      assert.notEqual(fromLua, 'read', v.toString('hex'));
      assert.throws(() => metadata.header(v), (e) => e instanceof metadata.CorruptSession && e.message === fromLua,
        fromLua);
      assert.throws(() => metadata.split(Buffer.concat([v, body({})]), JSON_CODEC),
        (e) => e instanceof metadata.CorruptSession);
    }
  });

  it('takes the largest numbers a header holds, and an absolute timeout of 0 (none)', () => {
    const largest = { ...EXPECTED, created: 1e15 - 1, idle: 1, absolute: 0, version: 1e15 - 1, fence: 1e15 - 1 };
    assert.deepEqual(metadata.header(pack(largest)), largest);
    const longest = { ...EXPECTED, idle: 315_360_000_000, absolute: 315_360_000_000 };
    assert.deepEqual(metadata.header(pack(longest)), longest);
  });

  it('Node splits the value Lua writes, and Lua reads the one packed here', async () => {
    const written = await client.evalBuffer(`${lua}\nreturn session_value(${LUA_HEADER},`
      + " {['@p'] = 'ann@example.com', ['.a'] = '1', ['.b'] = '{\"x\":[1,2]}', ['@z'] = 'reserved'})", 0);
    const parts = metadata.split(written, JSON_CODEC);
    assert.deepEqual(parts.header, EXPECTED);
    assert.equal(parts.principal, 'ann@example.com');
    assert.deepEqual(new Map([...parts.values].sort()), new Map([['a', 1], ['b', { x: [1, 2] }]]));
    assert.deepEqual([...parts.stored.keys()].sort(), ['a', 'b']);

    const planted = value(EXPECTED, { '.a': '1', '@p': 'ann@example.com' });
    assert.deepEqual(await readByLua(planted), ['read', '.a', '1', '@p', 'ann@example.com']);
    assert.equal(metadata.split(planted, JSON_CODEC).principal, 'ann@example.com');
  });

  it('an empty session is read by both sides, as cmsgpack writes it and in the other empty forms', async () => {
    const written = await client.evalBuffer(`${lua}\nreturn session_value(${LUA_HEADER}, {})`, 0);
    assert.deepEqual(written, Buffer.concat([pack(EXPECTED), Buffer.from([0x90])]));
    for (const empty of [[0x90], [0x80], [0xdc, 0, 0], [0xdd, 0, 0, 0, 0]]) {
      const v = Buffer.concat([pack(EXPECTED), Buffer.from(empty)]);
      assert.deepEqual(await readByLua(v), ['read'], JSON.stringify(empty));
      const parts = metadata.split(v, JSON_CODEC);
      assert.equal(parts.principal, null);
      assert.equal(parts.values.size, 0);
    }
  });

  it('a body is refused by both sides alike: not one map of strings, or a key of neither prefix', async () => {
    const bad = [
      Buffer.alloc(0),
      Buffer.from([0xc1]),
      Buffer.concat([body({ '.a': '1' }), body({ '.b': '2' })]),
      Buffer.concat([body({ '.a': '1' }), Buffer.from([0x90])]),
      Buffer.from([0x91, 0xa2, 0x2e, 0x61]),
      Buffer.from([0xa2, 0x2e, 0x61]),
      Buffer.from([0x81, 0xa2, 0x2e, 0x61, 0x01]),
      Buffer.from([0x81, 0xa2, 0x2e, 0x61, 0xc0]),
      Buffer.from([0x81, 0xa2, 0x2e, 0x61, 0x81, 0xa1, 0x78, 0xa1, 0x79]),
      Buffer.from([0x81, 0x05, 0xa1, 0x78]),
      Buffer.from([0x81, 0xa2, 0x2e, 0x61, 0xa5, 0x31]),
      body({ plain: 'x' }),
      body({ '': 'x' }),
      body({ '.a': '1', 'x.a': '2' }),
    ];
    for (const b of bad) {
      const v = Buffer.concat([pack(EXPECTED), b]);
      const fromLua = await readByLua(v);
      assert.equal(typeof fromLua, 'string', `Lua refuses ${b.toString('hex')}`);
      assert.throws(() => metadata.split(v, JSON_CODEC), (e) => e instanceof metadata.CorruptSession,
        `Node refuses ${b.toString('hex')}`);
    }
    assert.throws(() => metadata.split(value(EXPECTED, { plain: 'x' }), JSON_CODEC),
      { message: "key 'plain' is neither metadata nor an attribute" });
  });

  it('keeps stored bytes and undecodable attributes apart from decoded values, the last of a repeated key', async () => {
    const v = Buffer.concat([pack(EXPECTED), body([['.a', '1'], ['.n', 'null'], ['.j', '{not json'], ['.a', '2'],
      ['@x', 'reserved']])]);
    // The scripts' judge refuses a repeated key, so no reply carries one; read anyway, as Java's
    // reader does, it is the last that counts, as in the table cmsgpack unpacks.
    assert.match(await readByLua(v), /declares 5 entries but holds 4/);
    const parts = metadata.split(v, JSON_CODEC);
    assert.deepEqual([...parts.values], [['a', 2]]);
    assert.deepEqual([...parts.undecodable.keys()].sort(), ['j', 'n']);
    assert.deepEqual([...parts.stored].map(([k, b]) => [k, b.toString('utf8')]).sort(),
      [['a', '2'], ['j', '{not json'], ['n', 'null']]);
    assert.equal(parts.principal, null);
  });
});
