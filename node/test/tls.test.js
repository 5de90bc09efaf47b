'use strict';
// rediss:// with a CA certificate: the store verifies the server and works as over plain TCP.
// Certificates are throwaway ones made with the openssl command, as the Java test kit does.

const { it } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { RedisServer, freePort } = require('./support/redis');
const { SessionKeeperStore } = require('..');

function certificates(dir) {
  const openssl = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  fs.writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=sessionkeeper test CA',
    '-keyout', 'ca.key', '-out', 'ca.crt');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'server.key', '-out', 'server.csr');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2',
    '-extfile', 'san.ext', '-out', 'server.crt');
}

it('works over TLS, verifying the server against a CA certificate', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sk-node-tls-'));
  try {
    try {
      certificates(dir);
    } catch {
      t.skip('no openssl command');
      return;
    }
    const tlsPort = await freePort();
    const redis = new RedisServer(['--tls-port', String(tlsPort), '--tls-cert-file', path.join(dir, 'server.crt'),
      '--tls-key-file', path.join(dir, 'server.key'), '--tls-ca-cert-file', path.join(dir, 'ca.crt'),
      '--tls-auth-clients', 'no']);
    try {
      await redis.start();
    } catch {
      t.skip('this redis-server has no TLS support');
      return;
    }
    const store = new SessionKeeperStore({ url: `rediss://127.0.0.1:${tlsPort}`, caCertificate: path.join(dir, 'ca.crt'),
      namespace: 'tls', shards: 4 });
    const untrusting = new SessionKeeperStore({ url: `rediss://127.0.0.1:${tlsPort}`, namespace: 'tls', shards: 4,
      commandTimeoutMs: 500, connectTimeoutMs: 500 });
    untrusting.on('warning', () => {});
    try {
      const sid = store.genid();
      await store.set(sid, { cookie: {}, over: 'tls' });
      assert.equal((await store.get(sid)).over, 'tls');
      await assert.rejects(untrusting.get(sid), { code: 'REDIS_UNAVAILABLE' }, 'a server the CA did not sign is refused');
    } finally {
      await store.close();
      await untrusting.close();
      await redis.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
