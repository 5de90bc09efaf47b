// sessionkeeper and connect-redis 9 + express-session side by side on one real Redis:
// requests/s, latency, round trips and Redis commands and CPU per request, expiry events.
//   node redis.mjs [sessions] [requests]
// With SK_JAVA_CLASSPATH set to the core's classpath, a Java expiry worker runs for the
// expiry part (java -cp $SK_JAVA_CLASSPATH Worker.java ...); without it that part is skipped.
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { RedisStore } from 'connect-redis';
import { createClient } from 'redis';
import sessionkeeper from 'sessionkeeper';
import { ATTRIBUTES, request, cookie } from './workload.mjs';

const require = createRequire(import.meta.url);
const { startStandalone } = require('../test/support/redis.js');

const SESSIONS = Number(process.argv[2] ?? 10000);
const REQUESTS = Number(process.argv[3] ?? 50000);
const CONCURRENCY = 16;

const redis = await startStandalone();
const admin = redis.client();

async function serverFigures() {
  const stats = await admin.info('commandstats');
  let commands = 0;
  for (const m of stats.matchAll(/^cmdstat_([a-z_|]+):calls=(\d+)/gm)) {
    if (!['info', 'config'].includes(m[1])) commands += Number(m[2]);
  }
  const cpu = await admin.info('cpu');
  const seconds = Number(/used_cpu_user:([\d.]+)/.exec(cpu)[1]) + Number(/used_cpu_sys:([\d.]+)/.exec(cpu)[1]);
  return { commands, cpuUs: seconds * 1e6 };
}

async function pool(n, work) {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    for (let i = next++; i < n; i = next++) await work(i);
  }));
}

async function phase(name, store, roundTrips, n, work) {
  await admin.config('RESETSTAT');
  const before = await serverFigures();
  const trips = roundTrips();
  const latencies = new Float64Array(n);
  const began = process.hrtime.bigint();
  await pool(n, async (i) => {
    const t = process.hrtime.bigint();
    await work(i);
    latencies[i] = Number(process.hrtime.bigint() - t) / 1e6;
  });
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  const after = await serverFigures();
  latencies.sort();
  return {
    store: name,
    perSecond: Math.round(n / seconds),
    p50ms: latencies[Math.floor(n * 0.5)].toFixed(2),
    p99ms: latencies[Math.floor(n * 0.99)].toFixed(2),
    roundTrips: ((roundTrips() - trips) / n).toFixed(2),
    commands: ((after.commands - before.commands) / n).toFixed(2),
    redisCpuUs: ((after.cpuUs - before.cpuUs) / n).toFixed(1),
  };
}

async function run(name, store, roundTrips, newId) {
  const ids = [];
  const create = await phase(name, store, roundTrips, SESSIONS, async (i) => {
    const sid = newId();
    ids[i] = sid;
    await store.set(sid, { cookie: cookie(), ...ATTRIBUTES(i) });
  });
  const requests = await phase(name, store, roundTrips, REQUESTS, async (i) => {
    await request(store, ids[(i * 7919) % SESSIONS], i % 5 === 0, i);
  });
  return { create, requests };
}

// sessionkeeper
const sk = new sessionkeeper.SessionKeeperStore({ url: redis.url, namespace: 'bench' });
await sk.ready();
const skResult = await run('sessionkeeper', sk, () => sk.runner.calls, () => sk.genid());

// connect-redis 9 on node-redis 5, as its README sets it up
const client = createClient({ url: redis.url });
await client.connect();
let crTrips = 0;
for (const m of ['get', 'set', 'expire', 'del']) {
  const original = client[m].bind(client);
  client[m] = (...a) => { crTrips++; return original(...a); };
}
const cr = new RedisStore({ client, prefix: 'cr:' });
let crSeq = 0;
const crResult = await run('connect-redis 9', cr, () => crTrips, () => `cr${crSeq++}x${Math.random().toString(36).slice(2)}`);

const memory = async (pattern) => {
  const keys = (await admin.keys(pattern)).slice(0, 200);
  let bytes = 0;
  for (const k of keys) bytes += Number(await admin.memory('USAGE', k, 'SAMPLES', '0'));
  return Math.round(bytes / keys.length);
};
const skBytes = await memory('bench:{*}:s:*');
const crBytes = await memory('cr:*');

console.log('create');
console.table([skResult.create, crResult.create]);
console.log(`request (${REQUESTS}, ${CONCURRENCY} in flight, 20% change one attribute)`);
console.table([skResult.requests, crResult.requests]);
console.log(`memory per session key (MEMORY USAGE, 200 sampled): sessionkeeper ${skBytes} B, connect-redis ${crBytes} B`);

// Expiry: 1,000 sessions with idle timeouts of 2-4 s that nobody comes back to.
if (process.env.SK_JAVA_CLASSPATH) {
  const ex = new sessionkeeper.SessionKeeperStore({ url: redis.url, namespace: 'expiry' });
  const seen = new Map();
  const lateness = [];
  const sub = await ex.events.subscribe('bench', (e) => {
    if (e.type !== 'expired') return;
    seen.set(e.sessionId, (seen.get(e.sessionId) ?? 0) + 1);
    lateness.push(e.writtenAt - e.deadline);
  }, { blockMs: 100 });
  // The worker first (a JVM takes seconds to start here), then the sessions.
  const worker = spawn('java', ['-cp', process.env.SK_JAVA_CLASSPATH, new URL('./Worker.java', import.meta.url).pathname,
    redis.url, 'expiry', '16', '60'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => worker.stdout.on('data', (d) => { if (String(d).includes('worker running')) resolve(); }));
  const n = 1000;
  for (let i = 0; i < n; i++) {
    await ex.set(ex.genid(), { cookie: { originalMaxAge: 2000 + (i % 2000) }, i });
  }
  const end = Date.now() + 20000;
  while (seen.size < n && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 1000));
  lateness.sort((a, b) => a - b);
  const dupes = [...seen.values()].filter((c) => c > 1).length;
  console.log(`expiry (Java worker, Node consumer group): ${seen.size} of ${n} expired events, ${dupes} duplicates, `
    + `lateness p50 ${lateness[Math.floor(lateness.length / 2)]} ms, p99 ${lateness[Math.floor(lateness.length * 0.99)]} ms, `
    + `max ${lateness[lateness.length - 1]} ms; connect-redis: no expiry events`);
  worker.kill();
  await sub.close();
  await ex.close();
}

await sk.close();
await client.quit();
admin.disconnect();
await redis.stop();
