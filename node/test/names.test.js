'use strict';
// lib/names.js against the scripts' own definition: include/names.lua is run on a real Redis
// and its tables compared, so a name changed on one side only fails here (Java's
// WireFormatTest checks WireFormat.java against the same include).

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const Redis = require('ioredis');
const { startStandalone } = require('./support/redis');
const scripts = require('../lib/scripts');
const names = require('../lib/names');

describe('wire names', () => {
  let redis;
  before(async () => { redis = await startStandalone(); });
  after(async () => { await redis.stop(); });

  it('and the status codes are the ones include/names.lua and include/codes.lua define', async () => {
    const lua = ['names', 'codes'].map((f) => fs.readFileSync(path.join(scripts.scriptDir(), 'include', `${f}.lua`), 'utf8'))
      .join('\n');
    assert.ok(!lua.includes('@include'));
    const client = new Redis(redis.url);
    try {
      const json = await client.eval(`${lua}\nreturn cjson.encode({META = META, META_BYTE = META_BYTE,`
        + ' ATTRIBUTE_PREFIX = ATTRIBUTE_PREFIX, ATTRIBUTE_BYTE = ATTRIBUTE_BYTE, EVENT = EVENT,'
        + ' EVENT_TYPE = EVENT_TYPE, SNAPSHOT = SNAPSHOT, REASON = REASON, INDEX_SEPARATOR = INDEX_SEPARATOR, CODE = CODE})', 0);
      const fromLua = JSON.parse(json);
      for (const name of ['META', 'META_BYTE', 'ATTRIBUTE_PREFIX', 'ATTRIBUTE_BYTE', 'EVENT', 'EVENT_TYPE', 'SNAPSHOT',
        'REASON', 'INDEX_SEPARATOR', 'CODE']) {
        assert.deepEqual(fromLua[name], typeof names[name] === 'object' ? { ...names[name] } : names[name], name);
      }
    } finally {
      client.disconnect();
    }
  });

  it('build and parse an index member as principal, separator, id', () => {
    const member = names.indexMember('alice@example.org', '007abc');
    assert.equal(member.toString('utf8'), 'alice@example.org\u0000007abc');
    assert.equal(names.indexId(member, 'alice@example.org'), '007abc');
    assert.equal(names.indexRangeEnd('alice@example.org').toString('utf8'), 'alice@example.org\u0001');
  });
});
