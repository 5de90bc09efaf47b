/**
 * The engine: the store on Redis and everything behind it (scripts and their runner, key
 * layout, session ids, the connection, decoders, sign-in and the principal index, locks, expiry
 * workers, subscriptions, the inspector).
 *
 * <p>Not API. The module does not export this package; its public types are public only so that
 * the API packages can reach their one entry point ({@link dev.sessionkeeper.internal.RedisSessionStore#open})
 * and the settings and checks they share, and so that the tests can run a script's text or compute
 * an id's or a principal's shard exactly as the engine does. It may change in any release without
 * notice.
 */
package dev.sessionkeeper.internal;
