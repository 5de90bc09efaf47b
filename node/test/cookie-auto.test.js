'use strict';
// cookie.secure: 'auto' (express-session decides per request, behind a TLS proxy here): the
// cookie of a loaded session keeps the Secure flag when the request came over TLS.

const { it } = require('node:test');
const assert = require('node:assert/strict');
const express = require('express');
const session = require('express-session');
const { startStandalone } = require('./support/redis');
const { newStore } = require('./support/fixtures');

it("a loaded session's cookie is Secure over TLS with secure: 'auto'", async () => {
  const redis = await startStandalone();
  const store = newStore(redis);
  const app = express();
  app.set('trust proxy', true);
  app.use(session({ store, secret: 's', resave: false, saveUninitialized: false, rolling: true,
    cookie: { secure: 'auto', maxAge: 60_000 } }));
  app.get('/set', (req, res) => { req.session.n = (req.session.n ?? 0) + 1; res.json(req.session.n); });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${server.address().port}/set`;
  try {
    const tls = { 'x-forwarded-proto': 'https' };
    const first = await fetch(url, { headers: tls });
    const cookie = first.headers.get('set-cookie');
    assert.match(cookie, /; Secure/);
    const second = await fetch(url, { headers: { ...tls, cookie: cookie.split(';')[0] } });
    assert.equal(await second.json(), 2);
    assert.match(second.headers.get('set-cookie'), /; Secure/);
    const plain = await fetch(url, { headers: { cookie: cookie.split(';')[0] } });
    assert.equal(await plain.json(), 3);
    assert.doesNotMatch(plain.headers.get('set-cookie') ?? '', /; Secure/);
  } finally {
    await new Promise((r) => server.close(r));
    await store.close();
    await redis.stop();
  }
});
