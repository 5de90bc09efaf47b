'use strict';
// The Node side of the cross-language tests (sessionkeeper-node-it): a process that runs a
// store and answers one JSON request per line on stdin with one JSON line on stdout; events of
// its subscriptions arrive as {"event": ...} lines. Started with the store options as JSON in
// argv[2].

const readline = require('node:readline');
const { SessionKeeperStore } = require('../..');

const store = new SessionKeeperStore(JSON.parse(process.argv[2]));
store.on('warning', (e) => process.stderr.write(`warning: ${e.message}\n`));
store.on('corrupt', (e) => process.stderr.write(`corrupt session ${e.id}: ${e.reason}\n`));
const subscriptions = [];

function write(obj) {
  process.stdout.write(`${JSON.stringify(obj)}\n`);
}

function loaded(req, data) {
  req.session = store.createSession(req, data);
  return req.session;
}

const ops = {
  async create({ attributes }) {
    const sid = store.genid();
    await store.set(sid, { cookie: {}, ...attributes });
    return sid;
  },
  async read({ id }) {
    const data = await store.get(id);
    if (!data) return null;
    const { cookie, ...attributes } = data;
    return { attributes, maxAge: cookie.originalMaxAge };
  },
  async change({ id, set = {}, remove = [] }) {
    const data = await store.get(id);
    if (!data) return 'gone';
    const s = loaded({ sessionID: id }, data);
    Object.assign(s, set);
    for (const name of remove) delete s[name];
    const gone = store.stats.gone;
    await store.set(id, s);
    return store.stats.gone > gone ? 'gone' : 'saved';
  },
  async login({ id, principal, attributes = {} }) {
    const req = { sessionID: id ?? store.genid() };
    const data = id ? await store.get(id) : { cookie: {} };
    loaded(req, data ?? { cookie: {} });
    Object.assign(req.session, attributes);
    await store.login(req, principal);
    return req.sessionID;
  },
  async sessionsOf({ principal }) {
    return (await store.sessionsOf(principal)).map((s) => s.id).sort();
  },
  async logoutEverywhere({ principal }) {
    return store.logoutEverywhere(principal);
  },
  async destroy({ id }) {
    return store.destroySession(id, 'logout');
  },
  async subscribe({ group }) {
    subscriptions.push(await store.events.subscribe(group, (event) => write({ event: { group, ...event } }),
      { blockMs: 200, fromStart: true }));
    return true;
  },
  async scripts() {
    const scripts = require('../../lib/scripts');
    const { scriptNames } = require('../../lib/contracts');
    return Object.fromEntries(scriptNames.map((n) => [n, scripts.load(n).sha]));
  },
  async close() {
    await store.close();
    setImmediate(() => process.exit(0));
    return true;
  },
};

readline.createInterface({ input: process.stdin }).on('line', async (line) => {
  const request = JSON.parse(line);
  try {
    write({ seq: request.seq, ok: await ops[request.op](request) });
  } catch (e) {
    write({ seq: request.seq, error: `${e.code || e.name}: ${e.message}` });
  }
});
write({ ready: true });
