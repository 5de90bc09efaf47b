'use strict';
// Real redis-server processes for the tests, on free ports: the binary the Java tests use
// (SESSIONKEEPER_REDIS_SERVER, else redis-server on the PATH, else the embedded-redis binary
// the Java test kit extracted under <tmp>/sessionkeeper-redis/).

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const Redis = require('ioredis');

function embedded() {
  const dir = path.join(os.tmpdir(), 'sessionkeeper-redis');
  const found = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.startsWith('redis-server-')).sort() : [];
  if (found.length === 0) {
    throw new Error(`no redis-server: none on the PATH, and no embedded binary under ${dir} (the Java test kit `
      + 'extracts it there; run the Java tests once, or set SESSIONKEEPER_REDIS_SERVER)');
  }
  return path.join(dir, found[found.length - 1]);
}

function binary() {
  const env = process.env.SESSIONKEEPER_REDIS_SERVER;
  if (env && env.trim() === 'embedded') return embedded();
  if (env && env.trim()) return env.trim();
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const p = path.join(dir, 'redis-server');
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return embedded();
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitUntil(what, check, timeoutMs = 15000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch (e) {
      if (e.fatal) throw e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const live = new Set();
process.on('exit', () => {
  for (const p of live) {
    try { p.kill('SIGKILL'); } catch { /* gone */ }
  }
});

class RedisServer {
  constructor(extra = []) {
    this.extra = extra;
  }

  async start() {
    this.port = this.port ?? await freePort();
    this.dir = this.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sk-node-redis-'));
    this.proc = spawn(binary(), ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '',
      '--appendonly', 'no', '--dir', this.dir, '--daemonize', 'no', ...this.extra], { stdio: 'ignore' });
    live.add(this.proc);
    this.proc.on('exit', () => live.delete(this.proc));
    const proc = this.proc;
    await waitUntil(`redis-server on ${this.port}`, async () => {
      if (proc.exitCode !== null) {
        throw Object.assign(new Error(`redis-server exited with ${proc.exitCode} (options: ${this.extra.join(' ')})`), { fatal: true });
      }
      const c = new Redis({ port: this.port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0,
        retryStrategy: () => null });
      c.on('error', () => {});
      try {
        await c.connect();
        return (await c.ping()) === 'PONG';
      } finally {
        c.disconnect();
      }
    });
    return this;
  }

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  client() {
    const c = new Redis({ port: this.port, host: '127.0.0.1' });
    c.on('error', () => {});
    return c;
  }

  pause() { this.proc.kill('SIGSTOP'); }

  resume() { this.proc.kill('SIGCONT'); }

  async kill() {
    if (!this.proc || this.proc.exitCode !== null) return;
    const exited = new Promise((r) => this.proc.once('exit', r));
    this.proc.kill('SIGKILL');
    await exited;
  }

  async stop() {
    await this.kill();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

async function startStandalone() {
  return new RedisServer().start();
}

const SLOTS = 16384;

/** Three masters, slots split evenly, joined with CLUSTER MEET and ADDSLOTS (6.2 has no ADDSLOTSRANGE). */
async function startCluster(masters = 3) {
  const nodes = [];
  for (let i = 0; i < masters; i++) {
    nodes.push(await new RedisServer(['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf',
      '--cluster-node-timeout', '5000']).start());
  }
  const admins = nodes.map((n) => n.client());
  try {
    for (let i = 0; i < masters; i++) {
      const from = Math.floor((SLOTS * i) / masters);
      const to = Math.floor((SLOTS * (i + 1)) / masters);
      const slots = [];
      for (let s = from; s < to; s++) slots.push(s);
      await admins[i].cluster('ADDSLOTS', ...slots);
    }
    for (let i = 1; i < masters; i++) {
      await admins[i].cluster('MEET', '127.0.0.1', nodes[0].port);
    }
    await waitUntil('cluster state ok', async () => {
      for (const a of admins) {
        const info = await a.cluster('INFO');
        if (!info.includes('cluster_state:ok')) return false;
        const known = (await a.cluster('NODES')).trim().split('\n').length;
        if (known < masters) return false;
      }
      return true;
    }, 30000);
  } finally {
    admins.forEach((a) => a.disconnect());
  }
  return {
    nodes,
    url: `redis-cluster://${nodes.map((n) => `127.0.0.1:${n.port}`).join(',')}`,
    client() {
      const c = new Redis.Cluster(nodes.map((n) => ({ host: '127.0.0.1', port: n.port })));
      c.on('error', () => {});
      return c;
    },
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()));
    },
  };
}

function version() {
  return execFileSync(binary(), ['--version']).toString().trim();
}

module.exports = { binary, version, startStandalone, startCluster, RedisServer, freePort, waitUntil };
