// The README's example, type-checked by the test suite (test/types.test.js).
import express from 'express';
import session from 'express-session';
import { SessionKeeperStore, SessionEvent } from 'sessionkeeper';

declare module 'express-session' {
  interface SessionData {
    user?: string;
    cart?: string[];
  }
}

const store = new SessionKeeperStore({
  url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', // or redis-cluster://h1:7000,h2:7001
  maxSessionsPerPrincipal: 5, // the oldest sign-in is logged out at the sixth
});

const app = express();
app.use(session({
  store, // the one line that changes from connect-redis: store: new RedisStore({ client })
  secret: process.env.SESSION_SECRET ?? 'change me',
  resave: false,
  saveUninitialized: false,
  cookie: { maxAge: 30 * 60_000, sameSite: 'lax', httpOnly: true },
}));

app.post('/cart/:item', (req, res) => {
  req.session.cart = [...(req.session.cart ?? []), req.params.item];
  res.json(req.session.cart);
});

app.post('/login', express.json(), async (req, res, next) => {
  try {
    // ...check the password first. Then, instead of req.session.regenerate():
    await store.login(req, req.body.user);
    req.session.user = req.body.user;
    res.json({ ok: true });
  } catch (e) {
    next(e); // SessionLimitExceededError when limitPolicy is 'refuse' and the limit is reached
  }
});

app.post('/logout', (req, res, next) => {
  req.session.destroy((e) => (e ? next(e) : res.json({ ok: true })));
});

app.get('/devices', async (req, res) => {
  res.json(req.session.user ? await store.sessionsOf(req.session.user) : []);
});

app.post('/logout-everywhere', async (req, res) => {
  res.json({ ended: req.session.user ? await store.logoutEverywhere(req.session.user) : 0 });
});

// Each expiry, logout or eviction reaches one instance of the "audit" group, even if the
// session was created by a Java service, and even if no request ever came back for it.
void store.events.subscribe('audit', async (event: SessionEvent) => {
  if (event.type === 'expired') {
    console.log(`session of ${event.principal ?? 'a visitor'} expired at ${event.deadline?.toISOString()}`);
  }
});

app.listen(3000);
