'use strict';
// The Redis client: ioredis, for standalone and Cluster, plain or TLS, from one URL in the
// forms Java's RedisLocation accepts (redis://, rediss://, redis-cluster://, rediss-cluster://;
// a comma-separated host list means a cluster). Every command carries the command timeout, so
// a Redis that is down or stalled fails a call within it instead of hanging a request.

const fs = require('node:fs');
const Redis = require('ioredis');

function parse(url) {
  const m = /^(rediss?|rediss?-cluster):\/\/(.*)$/.exec(url || '');
  if (!m) {
    throw new TypeError('Redis URL must look like redis://host:port, rediss://host:port (TLS), '
      + 'redis-cluster://host:port,host:port or rediss-cluster://...');
  }
  const tls = m[1].startsWith('rediss');
  let rest = m[2];
  let username;
  let password;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    const user = rest.slice(0, at);
    rest = rest.slice(at + 1);
    const colon = user.indexOf(':');
    if (colon >= 0) {
      username = decodeURIComponent(user.slice(0, colon)) || undefined;
      password = decodeURIComponent(user.slice(colon + 1));
    } else {
      password = decodeURIComponent(user);
    }
  }
  const [hostList, dbPart] = rest.split('/');
  const nodes = hostList.split(',').filter(Boolean).map((hp) => {
    const i = hp.lastIndexOf(':');
    return i > 0 ? { host: hp.slice(0, i), port: Number(hp.slice(i + 1)) } : { host: hp, port: 6379 };
  });
  if (nodes.length === 0) throw new TypeError('Redis URL names no host');
  const cluster = m[1].endsWith('-cluster') || nodes.length > 1;
  const db = dbPart ? Number(dbPart) : 0;
  return { tls, cluster, nodes, username, password, db };
}

function redactedUrl(location) {
  return location.nodes.map((n) => `${n.host}:${n.port}`).join(',');
}

/**
 * Opens a client. `extra` adds ioredis options (e.g. a longer commandTimeout for blocking
 * reads).
 */
function open(location, options, extra = {}) {
  const tls = location.tls
    ? { ...(options.caCertificate ? { ca: fs.readFileSync(options.caCertificate) } : {}), ...(options.tls || {}) }
    : undefined;
  const base = {
    username: location.username,
    password: location.password,
    tls,
    connectTimeout: options.connectTimeoutMs,
    commandTimeout: options.commandTimeoutMs,
    // A command waits for a reconnect no longer than its timeout anyway; retries per request
    // would only add to the queue behind a dead server.
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(times * 100, 2000),
    lazyConnect: false,
    ...extra,
  };
  if (location.cluster) {
    const client = new Redis.Cluster(location.nodes, {
      redisOptions: base,
      dnsLookup: (address, callback) => callback(null, address),
      slotsRefreshTimeout: options.connectTimeoutMs,
      clusterRetryStrategy: (times) => Math.min(times * 100, 2000),
      ...(tls ? { redisOptions: { ...base, tls } } : {}),
    });
    return client;
  }
  return new Redis({ ...base, host: location.nodes[0].host, port: location.nodes[0].port, db: location.db });
}

module.exports = { parse, open, redactedUrl };
