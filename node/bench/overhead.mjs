// The stores' own cost per request with Redis excluded: each gets a fake client that answers
// at once with what Redis would answer, so the figure is the store's JavaScript only.
//   node overhead.mjs [requests]
// Figures are CPU microseconds of this process per request (process.cpuUsage).
import { RedisStore } from 'connect-redis';
import sessionkeeper from 'sessionkeeper';
import { ATTRIBUTES, request, cookie } from './workload.mjs';

const N = Number(process.argv[2] ?? 200000);

function fakeNodeRedis(json) {
  return { get: async () => json, set: async () => 'OK', expire: async () => 1, del: async () => 1 };
}

// A MessagePack string, in the shortest form cmsgpack.pack writes.
function str(text) {
  const b = Buffer.from(text, 'utf8');
  const n = b.length;
  const head = n < 32 ? [0xa0 | n] : n <= 0xff ? [0xd9, n] : n <= 0xffff ? [0xda, n >> 8, n & 0xff]
    : [0xdb, n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  return Buffer.concat([Buffer.from(head), b]);
}

function fakeIoredis() {
  const now = Date.now();
  // The value (include/meta.lua): the header (created, last access, idle, absolute, deadline,
  // version, TTL, fence), then the attributes as one MessagePack map.
  const header = Buffer.alloc(64);
  [now, now, 1800000, 43200000, now + 1800000, 1, now + 2400000, 0]
    .forEach((n, i) => header.writeBigUInt64BE(BigInt(n), i * 8));
  const attrs = Object.entries(ATTRIBUTES(1)).flatMap(([k, v]) => [str(`.${k}`), str(JSON.stringify(v))]);
  const count = attrs.length / 2;
  const map = count < 16 ? Buffer.from([0x80 | count]) : Buffer.from([0xde, count >> 8, count & 0xff]);
  const value = Buffer.concat([header, map, ...attrs]);
  const client = {
    isCluster: false,
    on() { return client; },
    async set() { return 'OK'; },
    // The namespace's records: its storage format, and its shard count.
    async get(key) { return key.endsWith(':format') ? '3' : '16'; },
    async script() { return 'sha'; },
    async quit() {},
    async evalshaBuffer(sha) {
      const script = client.bySha.get(sha);
      if (script === 'find') return [1, now, now + 1800000, value];
      if (script === 'save') return [1, 2, now + 1800000];
      throw new Error(`unexpected script ${script}`);
    },
  };
  return client;
}

async function measure(name, store, sid) {
  for (let i = 0; i < 20000; i++) await request(store, sid, i % 5 === 0, i);
  // CPU time of this process, not wall time: on a shared machine the wall clock also counts
  // the time other processes held the CPU.
  const began = process.cpuUsage();
  for (let i = 0; i < N; i++) await request(store, sid, i % 5 === 0, i);
  const used = process.cpuUsage(began);
  return { name, usPerRequest: (used.user + used.system) / N };
}

const { createRequire } = await import('node:module');
const require = createRequire(import.meta.url);
const scripts = require('sessionkeeper/lib/scripts');

const ours = fakeIoredis();
ours.bySha = new Map(['find', 'save'].map((n) => [scripts.load(n).sha, n]));
const sk = new sessionkeeper.SessionKeeperStore({ client: ours });
const skId = sk.genid();

const cr = new RedisStore({ client: fakeNodeRedis(JSON.stringify({ cookie: cookie(), ...ATTRIBUTES(1) })) });

const results = [];
for (let round = 0; round < 3; round++) {
  results.push(await measure('sessionkeeper', sk, skId));
  results.push(await measure('connect-redis 9', cr, 'abc'));
}
for (const name of ['sessionkeeper', 'connect-redis 9']) {
  const us = results.filter((r) => r.name === name).map((r) => r.usPerRequest).sort((a, b) => a - b);
  console.log(`${name.padEnd(16)} median ${us[1].toFixed(2)} CPU µs/request (runs: ${us.map((u) => u.toFixed(2)).join(', ')})`);
}
