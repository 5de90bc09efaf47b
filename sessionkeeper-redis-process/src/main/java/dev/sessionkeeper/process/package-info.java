/**
 * Running redis-server processes: finding the binary ({@link dev.sessionkeeper.process.RedisBinary}: the
 * environment variable {@code SESSIONKEEPER_REDIS_SERVER}, then the {@code PATH}, then the embedded-redis
 * jar), starting and stopping one process ({@link dev.sessionkeeper.process.RedisProcess}), and a plain
 * server for a program's own use ({@link dev.sessionkeeper.process.StandaloneRedis}). The test kit builds
 * its servers and clusters on it; the sessionkeeper command starts the demo's Redis with it.
 */
package dev.sessionkeeper.process;
