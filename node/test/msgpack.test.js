'use strict';
// lib/msgpack.js's map reader against Redis's own cmsgpack, the writer of every session body:
// each string and map form cmsgpack.pack chooses by length, the empty map it writes as an
// empty array, and bodies that are not one map of strings, which are refused.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const Redis = require('ioredis');
const { startStandalone } = require('./support/redis');
const { body } = require('./support/header');
const { readMap, MalformedBody } = require('../lib/msgpack');

// A table of ARGV's pairs, packed by cmsgpack.
const PACK_PAIRS = 'local t = {} for i = 1, #ARGV, 2 do t[ARGV[i]] = ARGV[i + 1] end return cmsgpack.pack(t)';
// A table of ARGV[1] entries '.k<i>' -> 'v<i>', packed by cmsgpack.
const PACK_MANY = "local t = {} for i = 1, tonumber(ARGV[1]) do t['.k' .. i] = 'v' .. i end return cmsgpack.pack(t)";

// The bytes of a string's type and length, by its length.
const headOf = (n) => (n < 32 ? 1 : n <= 0xff ? 2 : n <= 0xffff ? 3 : 5);
const asObject = (entries) => Object.fromEntries(entries.map(([k, v]) => [k.toString('latin1'), v.toString('latin1')]));

describe('MessagePack map reader', () => {
  let redis;
  let client;
  before(async () => {
    redis = await startStandalone();
    client = new Redis(redis.url);
  });
  after(async () => {
    client.disconnect();
    await redis.stop();
  });

  it('reads every string form cmsgpack writes: fixstr, str8, str16, str32', async () => {
    for (const n of [0, 1, 31, 32, 33, 255, 256, 65535, 65536, 70000]) {
      const key = `.${'k'.repeat(n)}`;
      const val = 'v'.repeat(n);
      const packed = await client.evalBuffer(PACK_PAIRS, 0, key, val);
      const form = n < 32 ? 0xa0 | n : n <= 0xff ? 0xd9 : n <= 0xffff ? 0xda : 0xdb;
      assert.equal(packed[1 + headOf(key.length) + key.length], form, `the form of a value of ${n} bytes`);
      assert.deepEqual(packed, body({ [key]: val }), `the test encoder agrees for ${n} bytes`);
      const entries = readMap(packed);
      assert.equal(entries.length, 1);
      assert.equal(entries[0][0].toString('utf8'), key);
      assert.equal(entries[0][1].toString('utf8'), val);
    }
  });

  it('reads every map form cmsgpack writes: fixmap, map16, map32', async () => {
    for (const [n, first] of [[1, 0x81], [15, 0x8f], [16, 0xde], [65535, 0xde], [65536, 0xdf]]) {
      const packed = await client.evalBuffer(PACK_MANY, 0, n);
      assert.equal(packed[0], first, `the form of a map of ${n}`);
      const got = asObject(readMap(packed));
      assert.equal(Object.keys(got).length, n);
      for (const i of [1, Math.ceil(n / 2), n]) assert.equal(got[`.k${i}`], `v${i}`);
    }
  });

  it('reads the empty map as cmsgpack writes it, an empty array, and in its other forms', async () => {
    const packed = await client.evalBuffer('return cmsgpack.pack({})', 0);
    assert.deepEqual(packed, Buffer.from([0x90]));
    for (const b of [packed, [0x80], [0xde, 0, 0], [0xdf, 0, 0, 0, 0], [0xdc, 0, 0], [0xdd, 0, 0, 0, 0]]) {
      assert.deepEqual(readMap(Buffer.from(b)), [], JSON.stringify([...Buffer.from(b)]));
    }
  });

  it('reads any bytes in keys and values, and a map after an offset', async () => {
    const every = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const packed = await client.evalBuffer(PACK_PAIRS, 0, '@p', 'ann@example.com', '.bytes', every, '.é', 'ü');
    const got = new Map(readMap(packed).map(([k, v]) => [k.toString('utf8'), v]));
    assert.deepEqual(got.get('.bytes'), every);
    assert.equal(got.get('@p').toString('utf8'), 'ann@example.com');
    assert.equal(got.get('.é').toString('utf8'), 'ü');
    const prefixed = Buffer.concat([Buffer.alloc(64, 7), packed]);
    assert.deepEqual(readMap(prefixed, 64), readMap(packed));
  });

  it('reads the bin family as strings, which other writers may use', () => {
    const b = Buffer.from([0x83, 0xc4, 2, 0x2e, 0x61, 0xc4, 1, 0x31, 0xc5, 0, 2, 0x2e, 0x62, 0xc5, 0, 1, 0x32,
      0xc6, 0, 0, 0, 2, 0x2e, 0x63, 0xc6, 0, 0, 0, 1, 0x33]);
    assert.deepEqual(asObject(readMap(b)), { '.a': '1', '.b': '2', '.c': '3' });
  });

  it('keeps a repeated key as often as it is stored, in order', () => {
    const b = body([['.a', '1'], ['.a', '2']]);
    assert.deepEqual(readMap(b).map(([k, v]) => `${k}=${v}`), ['.a=1', '.a=2']);
  });

  it('refuses a body that is not exactly one map of strings', async () => {
    const one = await client.evalBuffer(PACK_PAIRS, 0, '.a', 'xyz', '.b', 'w'.repeat(40));
    const bad = [
      [Buffer.alloc(0), /empty/],
      [await client.evalBuffer("return cmsgpack.pack({'a'})", 0), /starts with byte 0x91, not a MessagePack map/],
      [await client.evalBuffer('return cmsgpack.pack(7)', 0), /starts with byte 0x07/],
      [await client.evalBuffer("return cmsgpack.pack('text')", 0), /starts with byte 0xa4/],
      [Buffer.from([0xc0]), /starts with byte 0xc0/],
      [Buffer.from([0xdc, 0, 1, 0xa1, 0x61]), /starts with byte 0xdc/],
      [Buffer.from([0xdd, 0, 0, 0, 1, 0xa1, 0x61]), /starts with byte 0xdd/],
      [Buffer.concat([one, one]), /bytes after its map/],
      [Buffer.concat([one, Buffer.from([0x90])]), /1 bytes after its map/],
      [await client.evalBuffer("return cmsgpack.pack({['.a'] = 1})", 0), /entry 1 .* value at byte 0x01, not a string/],
      [await client.evalBuffer("return cmsgpack.pack({['.a'] = {b = 'c'}})", 0), /value at byte 0x81, not a string/],
      [await client.evalBuffer("return cmsgpack.pack({['.a'] = true})", 0), /value at byte 0xc3, not a string/],
      [await client.evalBuffer("return cmsgpack.pack({[5] = 'x', ['.a'] = 'y'})", 0), /key at byte 0x05, not a string/],
      [Buffer.from([0x81, 0xa2, 0x2e, 0x61, 0xc0]), /value at byte 0xc0, not a string/],
      [Buffer.from([0x81, 0xa2, 0x2e, 0x61]), /value at the end of the body, not a string/],
      [Buffer.from([0xdf, 0xff, 0xff, 0xff, 0xff, 0xa0, 0xa0]), /map of 4294967295 entries is cut short/],
      [Buffer.from([0x81, 0xdb, 0xff, 0xff, 0xff, 0xff, 0x61]), /key cut short/],
      [Buffer.from([0xde, 0]), /starts with byte 0xde/],
    ];
    // Every cut of a good body is refused, never read as a shorter map.
    for (let i = 0; i < one.length; i++) bad.push([one.subarray(0, i), /./]);
    for (const [b, why] of bad) {
      assert.throws(() => readMap(b), (e) => e instanceof MalformedBody && why.test(e.message),
        `${b.toString('hex').slice(0, 40)} ${why}`);
    }
  });
});
