'use strict';
// The store contract, run on a standalone Redis and on a 3-master cluster.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { newStore, scriptCalls, allEvents, sleep, asRequest } = require('./fixtures');
const header = require('./header');
const { RedisUnavailableError, RedisFullError } = require('../..');

const BAD_IDS = ['', 'abc', '001', '001../../../../etc/passwd00', '001{abc}defghijklmnopqrstuv', '001*********************a*',
  '001abcdefghijklmnopqrstuvw ', ' 001abcdefghijklmnopqrstuvw', '001abcdefghijklmnopqrstuv:', '00xabcdefghijklmnopqrstuvw',
  '001abcdefghijklmnopqrstuvwxy', '001abcdefghijklmnopqrstuvé', 's:001abcdefghijklmnopqrstuvw.sig', '\u0000'.repeat(27)];

function contract(name, start) {
  describe(`store contract (${name})`, () => {
    let redis;
    let admin;
    before(async () => {
      redis = await start();
      admin = redis.client();
    });
    after(async () => {
      admin.disconnect();
      await redis.stop();
    });

    async function created(store, attrs = {}) {
      const sid = store.genid();
      await store.set(sid, { cookie: { originalMaxAge: null }, ...attrs });
      return sid;
    }

    async function request(store, sid) {
      const data = await store.get(sid);
      return data ? asRequest(store, sid, data) : null;
    }

    it('round-trips attributes and builds the cookie from the deadline and timeout', async () => {
      const store = newStore(redis, { cookie: { path: '/', httpOnly: true, maxAge: 60000, secure: true } });
      try {
        const sid = await created(store, { user: { name: 'ann', roles: ['a', 'b'] }, n: 3, on: true, s: 'x' });
        const before = Date.now();
        const data = await store.get(sid);
        assert.deepEqual({ ...data, cookie: undefined }, { cookie: undefined, user: { name: 'ann', roles: ['a', 'b'] }, n: 3, on: true, s: 'x' });
        assert.equal(data.cookie.originalMaxAge, 30 * 60000);
        assert.equal(data.cookie.secure, true);
        assert.ok(data.cookie.expires instanceof Date);
        assert.ok(Math.abs(data.cookie.expires.getTime() - (before + 30 * 60000)) < 5000);
      } finally {
        await store.close();
      }
    });

    it('unknown ids are null; malformed ids and cookies never reach Redis', async () => {
      const store = newStore(redis);
      try {
        await store.ready();
        assert.equal(await store.get(store.genid()), null);
        const calls = await scriptCalls(redis);
        for (const bad of [...BAD_IDS, null, undefined, 42, {}]) {
          assert.equal(await store.get(bad), null, `get(${JSON.stringify(bad)})`);
          assert.equal(await store.destroySession(bad, 'logout'), false);
          await assert.rejects(store.set(bad, { cookie: {} }), { code: 'MALFORMED_ID' });
        }
        assert.equal(await scriptCalls(redis), calls, 'no script ran for a malformed id');
        assert.ok(store.stats.malformedIds >= BAD_IDS.length);
      } finally {
        await store.close();
      }
    });

    it('a request that changed nothing makes no call; a change is one call that writes only it', async () => {
      const store = newStore(redis);
      try {
        const sid = await created(store, { a: 1, b: 2 });
        const s = await request(store, sid);
        const calls = await scriptCalls(redis);
        await store.set(sid, s);
        assert.equal(await scriptCalls(redis), calls);
        s.a = 10;
        delete s.b;
        await store.set(sid, s);
        assert.equal(await scriptCalls(redis), calls + 1);
        const body = await header.fields(admin, store.keys.session(sid));
        assert.equal(body['.a'], '10');
        assert.equal(body['.b'], undefined);
        assert.equal((await header.readHeader(admin, store.keys.session(sid))).version, 1);
      } finally {
        await store.close();
      }
    });

    it('sixteen concurrent requests changing different attributes lose nothing', async () => {
      const store = newStore(redis);
      try {
        const sid = await created(store, { base: 0 });
        for (let round = 0; round < 10; round++) {
          const loaded = await Promise.all(Array.from({ length: 16 }, () => request(store, sid)));
          loaded.forEach((s, i) => { s[`k${i}`] = round; });
          await Promise.all(loaded.map((s) => store.set(sid, s)));
        }
        const data = await store.get(sid);
        for (let i = 0; i < 16; i++) assert.equal(data[`k${i}`], 9, `k${i}`);
        assert.equal(data.base, 0);
      } finally {
        await store.close();
      }
    });

    it('destroy racing saves never resurrects the session', async () => {
      const store = newStore(redis);
      try {
        for (let round = 0; round < 10; round++) {
          const sid = await created(store, { a: 0 });
          const loaded = await Promise.all(Array.from({ length: 16 }, () => request(store, sid)));
          loaded.forEach((s, i) => { s[`k${i}`] = i; });
          await Promise.all([...loaded.map((s) => store.set(sid, s)), store.destroy(sid), ...loaded.map((s) => store.set(sid, s))]);
          const late = loaded[0];
          late.after = true;
          await store.set(sid, late);
          assert.equal(await store.get(sid), null);
          assert.equal(await admin.exists(store.keys.session(sid)), 0);
        }
        const terminal = (await allEvents(store, admin)).filter((e) => e.fields.type !== 'created');
        assert.equal(terminal.length, 10);
        assert.ok(terminal.every((e) => e.fields.type === 'destroyed' && e.fields.reason === 'logout'));
        assert.ok(store.stats.gone > 0);
      } finally {
        await store.close();
      }
    });

    it('a session is gone at its idle deadline, with one expired event', async () => {
      const store = newStore(redis, { idleTimeoutMs: 300 });
      try {
        const sid = await created(store, { a: 1 });
        const s = await request(store, sid);
        await sleep(450);
        assert.equal(await store.get(sid), null);
        s.a = 2;
        await store.set(sid, s);
        assert.equal(await admin.exists(store.keys.session(sid)), 0);
        const expired = (await allEvents(store, admin)).filter((e) => e.fields.type === 'expired');
        assert.equal(expired.length, 1);
        assert.equal(expired[0].fields.sid, sid);
      } finally {
        await store.close();
      }
    });

    it('a field with neither prefix is quarantined by find in one script call', async () => {
      const store = newStore(redis);
      try {
        const sid = await created(store, { a: 1 });
        await header.changeFields(admin, store.keys.session(sid), { plain: 'x' });
        const calls = await scriptCalls(redis);
        assert.equal(await store.get(sid), null);
        assert.equal(await scriptCalls(redis), calls + 1);
        assert.equal((await header.fields(admin, store.keys.quarantine(sid))).plain, 'x');
        assert.equal(store.stats.corruptSessions, 1);
      } finally {
        await store.close();
      }
    });

    it('corrupt data yields a fresh session, is quarantined once and counted', async () => {
      const store = newStore(redis);
      try {
        const reasons = [];
        store.on('corrupt', (e) => reasons.push(e.reason));
        const short = await created(store, { a: 1 });
        await admin.set(store.keys.session(short), 'soon', 'KEEPTTL');
        assert.equal(await store.get(short), null);
        assert.equal(await admin.exists(store.keys.session(short)), 0);
        assert.equal(await admin.exists(store.keys.quarantine(short)), 1);
        const huge = await created(store, { a: 1 });
        // The top bit set: read unsigned, it is past 1e15 like any other number that large.
        await header.changeHeader(admin, store.keys.session(huge), { version: 2n ** 63n });
        assert.equal(await store.get(huge), null, 'a number of 1e15 or more is corrupt');
        const idle = await created(store, { a: 1 });
        await header.changeHeader(admin, store.keys.session(idle), { idle: 0 });
        assert.equal(await store.get(idle), null, 'an idle timeout of 0 is corrupt');
        const headless = await created(store, { a: 1 });
        await admin.set(store.keys.session(headless), header.body({ '.a': '1' }), 'KEEPTTL');
        assert.equal(await store.get(headless), null, 'a body without a header is corrupt');
        const alien = store.genid();
        await admin.hset(store.keys.session(alien), '.a', '1');
        assert.equal(await store.get(alien), null);
        const stray = await created(store, { a: 1 });
        await header.changeFields(admin, store.keys.session(stray), { plain: 'x' });
        assert.equal(await store.get(stray), null);
        assert.equal(store.stats.corruptSessions, 6);
        assert.deepEqual(reasons.slice(0, 4), ['the value is 4 bytes, shorter than its 64-byte header',
          'the header holds a number of 1e15 or more', 'the header holds an idle timeout below 1 ms',
          'the value is 6 bytes, shorter than its 64-byte header']);
        // One terminal event per session that existed; the hash under an unknown id was none.
        const corrupt = (await allEvents(store, admin)).filter((e) => e.fields.reason === 'corrupt');
        assert.equal(corrupt.length, 5);
      } finally {
        await store.close();
      }
    });

    it('a body that is not one map of strings is corrupt, quarantined and counted', async () => {
      const store = newStore(redis);
      try {
        const bodies = {
          'not MessagePack': Buffer.from([0xc1]),
          'two values': Buffer.concat([header.body({ '.a': '1' }), header.body({ '.b': '2' })]),
          'an array': Buffer.from([0x91, 0xa2, 0x2e, 0x61]),
          'a value that is not a string': Buffer.from([0x81, 0xa2, 0x2e, 0x61, 0x01]),
        };
        for (const [what, bad] of Object.entries(bodies)) {
          const sid = await created(store, { a: 1 });
          await header.changeBody(admin, store.keys.session(sid), bad);
          assert.equal(await store.get(sid), null, what);
          assert.equal(await admin.exists(store.keys.session(sid)), 0, what);
          assert.equal(await admin.exists(store.keys.quarantine(sid)), 1, what);
        }
        assert.equal(store.stats.corruptSessions, 4);
        const corrupt = (await allEvents(store, admin)).filter((e) => e.fields.reason === 'corrupt');
        assert.equal(corrupt.length, 4);
      } finally {
        await store.close();
      }
    });

    it('an attribute that does not decode is left out, kept as stored and never written back', async () => {
      const store = newStore(redis);
      try {
        const sid = await created(store, { a: 1, b: 2, c: 3 });
        await header.changeFields(admin, store.keys.session(sid), { '.a': '{not json', '.c': 'null' });
        const s = await request(store, sid);
        assert.equal(s.a, undefined);
        assert.equal(s.c, undefined);
        assert.equal(s.b, 2);
        assert.equal(store.stats.undecodableAttributes, 2);
        assert.equal(store.stats.corruptSessions, 0);
        s.b = 20;
        await store.set(sid, s);
        const body = await header.fields(admin, store.keys.session(sid));
        assert.equal(body['.a'], '{not json', 'kept as stored');
        assert.equal(body['.c'], 'null');
        assert.equal(body['.b'], '20');
        // A sign-in carries it over as stored too.
        const req = { sessionID: sid, session: await request(store, sid) };
        await store.login(req, 'undecodable@example.com');
        assert.equal((await header.fields(admin, store.keys.session(req.sessionID)))['.a'], '{not json');
      } finally {
        await store.close();
      }
    });

    it('touch makes no call; length, all and clear are bounded and paged', async () => {
      const store = newStore(redis, { listLimit: 5 });
      try {
        const sids = [];
        for (let i = 0; i < 12; i++) sids.push(await created(store, { i }));
        const calls = await scriptCalls(redis);
        await store.touch(sids[0], await store.get(sids[0]));
        assert.equal(await scriptCalls(redis), calls + 1, 'only the get');
        assert.equal(await store.length(), 12);
        const all = await store.all();
        assert.equal(Object.keys(all).length, 5);
        for (const [id, data] of Object.entries(all)) assert.equal(data.i, sids.indexOf(id));
        // An entry whose data Redis already dropped is ended by find, which clear hands it to:
        // expired, with its one event.
        const lost = sids[0];
        await admin.del(store.keys.session(lost));
        await store.clear();
        assert.equal(await store.length(), 0);
        assert.deepEqual(await admin.zrange(store.keys.due(lost), 0, -1), []);
        const ended = (await allEvents(store, admin)).filter((e) => e.fields.sid === lost && e.fields.type !== 'created');
        assert.deepEqual(ended.map((e) => e.fields.type), ['expired']);
        for (const sid of sids) assert.equal(await store.get(sid), null);
      } finally {
        await store.close();
      }
    });

    it('clear pages through a shard of more than one page', async () => {
      const store = newStore(redis, { shards: 1 });
      try {
        await Promise.all(Array.from({ length: 250 }, (_, i) => created(store, { i })));
        assert.equal(await store.length(), 250);
        await store.clear();
        assert.equal(await store.length(), 0);
      } finally {
        await store.close();
      }
    });

    it('works with callbacks, as express-session calls it', async () => {
      const store = newStore(redis);
      try {
        const sid = store.genid();
        await new Promise((res, rej) => store.set(sid, { cookie: {}, a: 1 }, (e) => (e ? rej(e) : res())));
        const data = await new Promise((res, rej) => store.get(sid, (e, d) => (e ? rej(e) : res(d))));
        assert.equal(data.a, 1);
        await new Promise((res, rej) => store.destroy(sid, (e) => (e ? rej(e) : res())));
        assert.equal(await new Promise((res) => store.length((e, n) => res(n))), 0);
      } finally {
        await store.close();
      }
    });

    it('login rotates into the principal shard, fails closed, and keeps the index exact', async () => {
      const store = newStore(redis);
      try {
        const sid = await created(store, { cart: [1, 2] });
        const req = { sessionID: sid };
        req.session = store.createSession(req, await store.get(sid));
        req.session.theme = 'dark';
        const signed = await store.login(req, 'ann@example.com');
        assert.notEqual(req.sessionID, sid);
        assert.equal(req.session, signed);
        assert.equal(await store.get(sid), null, 'the old id is dead');
        const now = await store.get(req.sessionID);
        assert.deepEqual(now.cart, [1, 2]);
        assert.equal(now.theme, 'dark');
        const body = await header.fields(admin, store.keys.session(req.sessionID));
        assert.equal(body['@p'], 'ann@example.com');
        const listed = await store.sessionsOf('ann@example.com', ['theme']);
        assert.deepEqual(listed.map((s) => s.id), [req.sessionID]);
        assert.equal(listed[0].attributes.theme, 'dark');
        const calls = await scriptCalls(redis);
        await store.set(req.sessionID, req.session);
        assert.equal(await scriptCalls(redis), calls, 'nothing left to save after login');
        const events = await allEvents(store, admin);
        const rotated = events.find((e) => e.fields.type === 'rotated');
        assert.equal(rotated.fields.sid, sid);
        assert.equal(rotated.fields.successor, req.sessionID);
      } finally {
        await store.close();
      }
    });

    it('logout everywhere and the per-principal limit (evict and refuse)', async () => {
      const evict = newStore(redis, { maxSessionsPerPrincipal: 2 });
      try {
        const ids = [];
        for (let i = 0; i < 3; i++) {
          const req = { sessionID: evict.genid() };
          req.session = evict.createSession(req, { cookie: {}, i });
          await evict.login(req, 'bob');
          ids.push(req.sessionID);
          await sleep(5);
        }
        const listed = (await evict.sessionsOf('bob')).map((s) => s.id).sort();
        assert.deepEqual(listed, ids.slice(1).sort());
        assert.equal(await evict.logoutEverywhere('bob'), 2);
        assert.deepEqual(await evict.sessionsOf('bob'), []);
        for (const id of ids) assert.equal(await evict.get(id), null);
      } finally {
        await evict.close();
      }
      const refuse = newStore(redis, { maxSessionsPerPrincipal: 1, limitPolicy: 'refuse' });
      try {
        const first = { sessionID: refuse.genid() };
        first.session = refuse.createSession(first, { cookie: {} });
        await refuse.login(first, 'cy');
        const second = { sessionID: refuse.genid() };
        second.session = refuse.createSession(second, { cookie: {} });
        await assert.rejects(refuse.login(second, 'cy'), { code: 'SESSION_LIMIT' });
        assert.deepEqual((await refuse.sessionsOf('cy')).map((s) => s.id), [first.sessionID]);
        await assert.rejects(refuse.login(second, '\u0001'), TypeError);
      } finally {
        await refuse.close();
      }
    });

    it('a sign-in refused at the limit leaves the session as it was', async () => {
      const store = newStore(redis, { maxSessionsPerPrincipal: 1, limitPolicy: 'refuse' });
      try {
        const first = { sessionID: store.genid() };
        first.session = store.createSession(first, { cookie: {} });
        await store.login(first, 'dana');
        const sid = await created(store, { cart: ['fig'], theme: 'dark' });
        const req = { sessionID: sid };
        req.session = store.createSession(req, await store.get(sid));
        req.session.theme = 'light';
        await assert.rejects(store.login(req, 'dana'), { code: 'SESSION_LIMIT' });
        assert.equal(req.sessionID, sid, 'the request keeps its id');
        const still = await store.get(sid);
        assert.deepEqual(still.cart, ['fig']);
        assert.equal(still.theme, 'dark', 'nothing of the refused request was written');
        assert.equal((await header.fields(admin, store.keys.session(sid)))['@p'], undefined);
        assert.deepEqual((await store.sessionsOf('dana')).map((s) => s.id), [first.sessionID]);
        const events = await allEvents(store, admin);
        assert.equal(events.filter((e) => e.fields.sid === sid && e.fields.type !== 'created').length, 0,
          'the old id did not end');
        // The request goes on with its session: a save writes to the old id, which is alive.
        await store.set(sid, req.session);
        assert.equal((await store.get(sid)).theme, 'light');
        // Under the limit again, the same session signs in, carried over.
        await store.logoutEverywhere('dana');
        const again = { sessionID: sid };
        again.session = store.createSession(again, await store.get(sid));
        await store.login(again, 'dana');
        assert.notEqual(again.sessionID, sid);
        assert.equal(await store.get(sid), null);
        assert.deepEqual((await store.get(again.sessionID)).cart, ['fig']);
        const created2 = (await allEvents(store, admin)).filter((e) => e.fields.type === 'created'
          && e.fields.sid === again.sessionID);
        assert.deepEqual(created2.map((e) => e.fields.predecessor), [sid]);
      } finally {
        await store.close();
      }
    });

    it('a listing is one script call when this store knows the page, two when not, and exact either way', async () => {
      const a = newStore(redis);
      const b = newStore(redis, { namespace: a.keys.namespace });
      const c = newStore(redis, { namespace: a.keys.namespace });
      try {
        const hers = [];
        for (let i = 0; i < 3; i++) {
          const req = { sessionID: a.genid() };
          req.session = a.createSession(req, { cookie: {}, i });
          await a.login(req, 'iris@example.com');
          hers.push(req.sessionID);
        }
        const listed = async (store, calls) => {
          const before = await scriptCalls(redis);
          const out = (await store.sessionsOf('iris@example.com')).map((s) => s.id).sort();
          assert.equal(await scriptCalls(redis), before + calls, 'script calls');
          return out;
        };
        assert.deepEqual(await listed(a, 1), [...hers].sort(), 'signed in here: the guess holds');
        assert.deepEqual(await listed(b, 2), [...hers].sort(), 'another store, cold');
        assert.deepEqual(await listed(b, 1), [...hers].sort(), 'warm');
        const req = { sessionID: b.genid() };
        req.session = b.createSession(req, { cookie: {} });
        await b.login(req, 'iris@example.com');
        assert.equal(await b.logoutOthers('iris@example.com', req.sessionID), 3);
        assert.deepEqual(await listed(a, 2), [req.sessionID], 'a guess another store made wrong');
        assert.equal(await a.logoutEverywhere('iris@example.com'), 1);
        assert.deepEqual(await listed(b, 1), [], 'only ended ones guessed');
        assert.deepEqual(await listed(c, 1), [], 'an empty index, cold');
      } finally {
        await a.close();
        await b.close();
        await c.close();
      }
    });

    it('sessionsOf and logoutEverywhere stay exact beyond one page (120 sessions)', async () => {
      const store = newStore(redis);
      try {
        const made = [];
        for (let i = 0; i < 120; i++) {
          const req = { sessionID: store.genid() };
          req.session = store.createSession(req, { cookie: {}, i });
          await store.login(req, 'many@example.com');
          made.push(req.sessionID);
        }
        // A dead entry and one whose data Redis dropped, in the middle of the pages: ended, not listed.
        await header.changeHeader(admin, store.keys.session(made[60]), { deadline: 1 });
        await admin.del(store.keys.session(made[70]));
        const live = made.filter((_, i) => i !== 60 && i !== 70);
        const listed = await store.sessionsOf('many@example.com', ['i']);
        assert.deepEqual(listed.map((s) => s.id).sort(), [...live].sort());
        assert.equal(new Set(listed.map((s) => s.id)).size, listed.length, 'each once');
        for (const s of listed) assert.equal(s.attributes.i, made.indexOf(s.id));
        assert.equal(await store.logoutOthers('many@example.com', live[5]), 117);
        assert.deepEqual((await store.sessionsOf('many@example.com')).map((s) => s.id), [live[5]]);
        assert.equal(await store.logoutEverywhere('many@example.com'), 1);
        assert.deepEqual(await store.sessionsOf('many@example.com'), []);
        assert.equal(await store.length(), 0);
        const terminal = (await allEvents(store, admin)).filter((e) => e.fields.type !== 'created');
        assert.equal(terminal.length, 120, 'one terminal event per session');
      } finally {
        await store.close();
      }
    });

    it('a duration beyond 10 years is refused with a clear error before any call', async () => {
      const TEN_YEARS = 3650 * 24 * 3600 * 1000;
      for (const name of ['idleTimeoutMs', 'absoluteTimeoutMs', 'expiryGraceMs', 'quarantineRetentionMs']) {
        assert.throws(() => newStore(redis, { [name]: TEN_YEARS + 1 }),
          (e) => e instanceof RangeError && e.message.includes(name) && /10 years/.test(e.message), name);
      }
      assert.throws(() => newStore(redis, { maxSessionsPerPrincipal: 1001 }), RangeError);
      const store = newStore(redis, { idleTimeoutMs: TEN_YEARS, absoluteTimeoutMs: TEN_YEARS });
      const byCookie = newStore(redis);
      try {
        const sid = await created(store, { a: 1 });
        assert.equal((await store.get(sid)).a, 1, 'exactly 10 years is accepted');
        await byCookie.ready();
        const calls = await scriptCalls(redis);
        const late = byCookie.genid();
        await assert.rejects(byCookie.set(late, { cookie: { originalMaxAge: TEN_YEARS + 1 }, a: 1 }),
          (e) => e instanceof RangeError && /maxAge/.test(e.message) && /10 years/.test(e.message));
        assert.equal(await scriptCalls(redis), calls, 'no script ran');
        assert.equal(await admin.exists(byCookie.keys.session(late)), 0);
      } finally {
        await store.close();
        await byCookie.close();
      }
    });

    it('a principal that is not well-formed text is refused, as in Java', async () => {
      const store = newStore(redis);
      try {
        for (const bad of ['\ud800', 'ann\udc00', 'x\ud83d', '', 'a\u0085b', 'é'.repeat(129)]) {
          const req = { sessionID: store.genid() };
          req.session = store.createSession(req, { cookie: {} });
          await assert.rejects(store.login(req, bad), (e) => e instanceof TypeError || e instanceof RangeError,
            JSON.stringify(bad));
          await assert.rejects(store.sessionsOf(bad), (e) => e instanceof TypeError || e instanceof RangeError);
        }
        const req = { sessionID: store.genid() };
        req.session = store.createSession(req, { cookie: {} });
        await store.login(req, 'smile\ud83d\ude00');
        assert.deepEqual((await store.sessionsOf('smile\ud83d\ude00')).map((s) => s.id), [req.sessionID]);
      } finally {
        await store.close();
      }
    });

    it('a namespace shared with another shard count is refused', async () => {
      const a = newStore(redis, { shards: 4 });
      const b = newStore(redis, { shards: 8, namespace: a.keys.namespace });
      try {
        await a.ready();
        await assert.rejects(b.get(b.genid()), { code: 'SHARD_COUNT' });
      } finally {
        await a.close();
        await b.close();
      }
    });

    it('records the storage format, and refuses a namespace in another one with nothing written', async () => {
      const store = newStore(redis);
      const other = newStore(redis);
      try {
        await store.ready();
        assert.equal(await admin.get(`${store.keys.namespace}:format`), '3');
        await admin.set(`${other.keys.namespace}:format`, '2');
        const sid = other.genid();
        await assert.rejects(other.set(sid, { cookie: {}, a: 1 }), { code: 'STORAGE_FORMAT' });
        await assert.rejects(other.get(sid), /storage format 2.*reads format 3 only/);
        assert.equal(await admin.exists(other.keys.shardCount()), 0);
        assert.equal(await admin.exists(other.keys.session(sid)), 0);
      } finally {
        await store.close();
        await other.close();
      }
    });

    it('takes a namespace with a shard count and no record for format 1, records it and refuses it', async () => {
      // What a store of version 0.1 leaves: a shard count, sessions, no format record.
      const first = newStore(redis);
      let second;
      try {
        const sid = await created(first, { theme: 'dark' });
        await admin.del(first.keys.format());
        const before = await admin.getBuffer(first.keys.session(sid));
        second = newStore(redis, { namespace: first.keys.namespace });
        await assert.rejects(second.get(sid), (e) => e.code === 'STORAGE_FORMAT'
          && /storage format 1/.test(e.message) && /reads format 3 only/.test(e.message));
        assert.equal(await admin.get(first.keys.format()), '1');
        assert.deepEqual(await admin.getBuffer(first.keys.session(sid)), before, 'the session untouched');
      } finally {
        await first.close();
        if (second) await second.close();
      }
    });

    it('Redis full: sessions are read without their slide (counted), writes fail with RedisFullError', async () => {
      const store = newStore(redis);
      try {
        const sid = await created(store, { a: 1 });
        const { deadline } = await header.readHeader(admin, store.keys.session(sid));
        const clients = (redis.nodes ? redis.nodes : [redis]).map((n) => n.client());
        try {
          await Promise.all(clients.map((c) => c.config('SET', 'maxmemory-policy', 'noeviction')));
          await Promise.all(clients.map((c) => c.config('SET', 'maxmemory', '1')));
          await sleep(20);
          const data = await store.get(sid);
          assert.equal(data.a, 1, 'still served');
          assert.equal(store.stats.unslidReads, 1);
          const s = asRequest(store, sid, data);
          s.a = 2;
          await assert.rejects(store.set(sid, s), (e) => e instanceof RedisFullError && e.code === 'REDIS_FULL'
            && /maxmemory/.test(e.message));
          await assert.rejects(store.set(store.genid(), { cookie: {}, b: 1 }), RedisFullError);
        } finally {
          await Promise.all(clients.map((c) => c.config('SET', 'maxmemory', '0')));
          clients.forEach((c) => c.disconnect());
        }
        assert.equal((await header.readHeader(admin, store.keys.session(sid))).deadline, deadline,
          'the deadline did not move');
        assert.equal((await store.get(sid)).a, 1, 'nothing of the refused save was written');
      } finally {
        await store.close();
      }
    });

    it('Redis paused: a clear error within the command timeout, never a hang', async () => {
      const store = newStore(redis, { commandTimeoutMs: 300 });
      try {
        const sid = await created(store, { a: 1 });
        const node = redis.nodes ? redis.nodes : [redis];
        node.forEach((n) => n.pause());
        try {
          const began = Date.now();
          await assert.rejects(store.get(sid), (e) => e instanceof RedisUnavailableError && /within 300 ms/.test(e.message));
          assert.ok(Date.now() - began < 300 + 2000, 'bounded by the command timeout');
        } finally {
          node.forEach((n) => n.resume());
        }
        assert.equal((await store.get(sid)).a, 1, 'heals by itself');
      } finally {
        await store.close();
      }
    });
  });
}

module.exports = { contract, BAD_IDS };
