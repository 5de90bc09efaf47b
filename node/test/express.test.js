'use strict';
// The store under express and express-session over real HTTP, configured as an app that
// used connect-redis would be, with only the store line changed (no genid option).

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const express = require('express');
const session = require('express-session');
const signature = require('cookie-signature');
const { startStandalone } = require('./support/redis');
const { newStore, scriptCalls } = require('./support/fixtures');
const { readHeader } = require('./support/header');
const { isWellFormedId } = require('..');

const SECRET = 'keyboard cat';

function app(store) {
  const a = express();
  a.use(session({ store, secret: SECRET, resave: false, saveUninitialized: false, cookie: { maxAge: 60_000, sameSite: 'lax' } }));
  a.get('/set', (req, res) => { req.session[req.query.k] = req.query.v; res.json(req.session); });
  a.get('/get', (req, res) => res.json({ id: req.sessionID, ...req.session }));
  a.get('/login', async (req, res, next) => {
    try {
      await store.login(req, req.query.user);
      req.session.user = req.query.user;
      res.json({ id: req.sessionID });
    } catch (e) {
      next(e);
    }
  });
  a.get('/logout', (req, res, next) => req.session.destroy((e) => (e ? next(e) : res.json({ ok: true }))));
  a.get('/everywhere', async (req, res) => res.json({ n: await store.logoutEverywhere(req.query.user) }));
  a.get('/mine', async (req, res) => res.json(await store.sessionsOf(req.query.user)));
  return a;
}

describe('express-session over HTTP', () => {
  let redis;
  let store;
  let server;
  let base;

  before(async () => {
    redis = await startStandalone();
    store = newStore(redis);
    server = app(store).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${server.address().port}`;
  });

  after(async () => {
    await new Promise((r) => server.close(r));
    await store.close();
    await redis.stop();
  });

  async function get(path, cookie) {
    const res = await fetch(base + path, { headers: cookie ? { cookie } : {} });
    const set = res.headers.get('set-cookie');
    return { status: res.status, body: await res.json(), cookie: set ? set.split(';')[0] : null, setCookie: set };
  }

  function idOf(cookie) {
    const value = decodeURIComponent(cookie.slice('connect.sid='.length));
    assert.ok(value.startsWith('s:'), 'signed as express-session signs it');
    return signature.unsign(value.slice(2), SECRET);
  }

  it('ids have the store format though the app passes no genid; the cookie is express-session\'s', async () => {
    const first = await get('/set?k=theme&v=dark');
    assert.equal(first.status, 200);
    const id = idOf(first.cookie);
    assert.ok(isWellFormedId(id), id);
    assert.match(first.setCookie, /SameSite=Lax/);
    assert.match(first.setCookie, /HttpOnly/);
    const again = await get('/get', first.cookie);
    assert.equal(again.body.id, id);
    assert.equal(again.body.theme, 'dark');
    // express-session's Cookie sets originalMaxAge from `expires - Date.now()` when it is made,
    // so on a busy host the new session's idle timeout can come out a millisecond or so short.
    const maxAge = again.body.cookie.originalMaxAge;
    assert.ok(maxAge <= 60_000 && maxAge >= 59_900, `the cookie maxAge is the idle timeout (${maxAge})`);
    const admin = redis.client();
    try {
      assert.equal((await readHeader(admin, store.keys.session(id))).idle, maxAge, 'the same as stored');
    } finally {
      admin.disconnect();
    }
  });

  it('a request that only reads makes one call', async () => {
    const { cookie } = await get('/set?k=a&v=1');
    const calls = await scriptCalls(redis);
    await get('/get', cookie);
    assert.equal(await scriptCalls(redis), calls + 1);
  });

  it('garbage, tampered, unknown and destroyed cookies get a fresh session, never a 500', async () => {
    const { cookie } = await get('/set?k=a&v=1');
    const id = idOf(cookie);
    const tampered = `connect.sid=${encodeURIComponent(`s:${signature.sign(id, 'other secret')}`)}`;
    const unknownId = `${id.slice(0, 3)}${'A'.repeat(24)}`;
    const unknown = `connect.sid=${encodeURIComponent(`s:${signature.sign(unknownId, SECRET)}`)}`;
    const malformed = `connect.sid=${encodeURIComponent(`s:${signature.sign('../{x}*', SECRET)}`)}`;
    for (const c of ['connect.sid=garbage', 'connect.sid=s%3A', tampered, unknown, malformed, `connect.sid=${'x'.repeat(5000)}`]) {
      const r = await get('/get', c);
      assert.equal(r.status, 200, c.slice(0, 40));
      assert.equal(r.body.a, undefined);
      assert.notEqual(r.body.id, id);
    }
    await get('/logout', cookie);
    const after = await get('/get', cookie);
    assert.equal(after.status, 200);
    assert.equal(after.body.a, undefined);
  });

  it('login rotates the cookie, sessionsOf lists it, logout everywhere ends it', async () => {
    const anon = await get('/set?k=cart&v=3');
    const oldId = idOf(anon.cookie);
    const signedIn = await get('/login?user=dora', anon.cookie);
    assert.equal(signedIn.status, 200);
    const newId = idOf(signedIn.cookie);
    assert.equal(signedIn.body.id, newId);
    assert.notEqual(newId, oldId);
    assert.equal((await get('/get', anon.cookie)).body.cart, undefined, 'the pre-login id is dead');
    const now = await get('/get', signedIn.cookie);
    assert.equal(now.body.cart, '3');
    assert.equal(now.body.user, 'dora', 'what the request set after login is saved under the new id');
    assert.deepEqual((await get('/mine?user=dora')).body.map((s) => s.id), [newId]);
    assert.equal((await get('/everywhere?user=dora')).body.n, 1);
    assert.equal((await get('/get', signedIn.cookie)).body.cart, undefined);
  });
});
