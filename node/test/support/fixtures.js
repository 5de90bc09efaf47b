'use strict';
// Small helpers the test files share: a store per test on its own namespace, Redis-side call
// counts (from INFO commandstats, so they count what the server executed), and stream reads.

const { SessionKeeperStore } = require('../..');

let namespaces = 0;

function newStore(redis, options = {}) {
  namespaces++;
  return new SessionKeeperStore({ url: redis.url, namespace: `t${process.pid}-${namespaces}`, shards: 4, ...options });
}

function masters(redis) {
  return redis.nodes ? redis.nodes : [redis];
}

/** Scripts executed by the server(s) so far: EVALSHA and EVAL calls. */
async function scriptCalls(redis) {
  let total = 0;
  for (const node of masters(redis)) {
    const c = node.client();
    try {
      const info = await c.info('commandstats');
      for (const m of info.matchAll(/cmdstat_(evalsha|eval):calls=(\d+)/g)) total += Number(m[2]);
    } finally {
      c.disconnect();
    }
  }
  return total;
}

/** Every entry of a stream as {id, fields}. */
async function streamEntries(client, key) {
  const entries = await client.xrange(key, '-', '+');
  return entries.map(([id, flat]) => {
    const fields = {};
    for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]] = flat[i + 1];
    return { id, fields };
  });
}

/** Events of every shard of a store's namespace. */
async function allEvents(store, client) {
  const out = [];
  for (let shard = 0; shard < store.settings.shards; shard++) {
    out.push(...await streamEntries(client, store.keys.eventsOfShard(shard)));
  }
  return out;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** express-session's Session for a loaded data object, as its middleware makes it. */
function asRequest(store, sid, data) {
  const req = { sessionID: sid };
  return store.createSession(req, data);
}

module.exports = { newStore, scriptCalls, streamEntries, allEvents, sleep, asRequest };
