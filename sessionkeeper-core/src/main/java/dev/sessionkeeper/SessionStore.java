package dev.sessionkeeper;

import java.util.Optional;

/**
 * Sessions in Redis, with deadlines kept by Redis's clock and every change made by one atomic
 * script. Build one per application with {@link #builder()} and share it: it is thread-safe and
 * multiplexes all callers over one connection.
 *
 * <pre>{@code
 * SessionStore store = SessionStore.builder()
 *     .redis("redis://localhost:6379")
 *     .idleTimeout(Duration.ofMinutes(30))
 *     .absoluteTimeout(Duration.ofHours(12))
 *     .build();
 *
 * Session session = store.find(idFromCookie).orElseGet(store::newSession);
 * session.set("theme", "dark");
 * store.save(session);
 * }</pre>
 *
 * <p>Every method that talks to Redis fails with {@link RedisUnavailableException} within the
 * command timeout when Redis is down or slow; none hangs. Ids that do not have the exact
 * session id format are refused before any Redis call.
 */
public interface SessionStore extends AutoCloseable {

    static SessionStoreBuilder builder() {
        return new SessionStoreBuilder();
    }

    /**
     * A new session with a fresh id, not yet in Redis: the first {@link #save} creates it, with
     * all the attributes set by then, in one call. A request that never stores anything in it
     * costs Redis nothing.
     */
    Session newSession();

    /** Creates an empty session in Redis now (one call). */
    Session create();

    /**
     * Loads a live session and slides its idle deadline, in one call. Empty when the id is
     * malformed, unknown, expired, destroyed, or its data in Redis is corrupt (then the data is
     * moved to quarantine and counted in {@link #stats()}); never returns a session at or past
     * its deadline.
     */
    Optional<Session> find(String id);

    /**
     * Writes what changed in the session: one call, or none when nothing changed. Creates a
     * {@linkplain Session#isNew() new} session. Never recreates one that expired or was
     * destroyed in the meantime: that is {@link SaveResult#GONE}, and nothing is written.
     */
    SaveResult save(Session session);

    /**
     * Ends a live session before its deadline.
     *
     * @return true when a live session was destroyed, false when there was none
     */
    boolean destroy(String id, DestroyReason reason);

    /** Whether the session is live, without sliding its deadline. */
    boolean exists(String id);

    /** The number of live sessions in the store's shards, exact at Redis's instant. */
    long count();

    /** Counters of malformed ids and corrupt sessions turned away. */
    StoreStats stats();

    /**
     * The durable event log: every session's {@code created} event and its one terminal event
     * ({@code expired}, {@code destroyed} or {@code rotated}), to subscribe to.
     */
    SessionEvents events();

    /**
     * Configures an expiry worker on this store's connection. Sessions are unusable from their
     * deadline whether or not a worker runs; the worker is what writes their {@code expired}
     * event on time (and removes their data).
     */
    ExpiryWorkerBuilder expiryWorker();

    /** Stops the workers and subscriptions started from this store, then closes the connection. */
    @Override
    void close();
}
