package dev.sessionkeeper;

import dev.sessionkeeper.events.SessionEvents;
import dev.sessionkeeper.expiry.ExpiryWorkerBuilder;
import dev.sessionkeeper.inspect.SessionInspector;
import java.time.Duration;
import java.util.List;
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
     * Like {@link #save}, but only if nobody saved the session since it was loaded (its
     * {@linkplain Session#version() version} is unchanged); else {@link SaveResult#CONFLICT} and
     * nothing is written. For read-modify-write of one attribute by concurrent requests.
     */
    SaveResult saveIfVersion(Session session);

    /**
     * Signs a principal in: the session moves to a fresh id in the principal's shard (the
     * session-fixation defence), keeps its attributes and this request's changes, and enters
     * the principal's index. The old id is dead, with a {@code rotated} event naming the new
     * one, before the new id is handed out. Signing in as another principal moves the session again.
     * If the old session is gone meanwhile, the new one starts with this request's changes only.
     * Use the returned session from here on; the one passed in is dead.
     *
     * @throws SessionLimitExceededException when the principal is at the session limit and
     *     the policy is {@link LimitPolicy#REFUSE_LOGIN}; then nothing was written and the
     *     session passed in is still live, as it was
     */
    Session login(Session session, String principal);

    /**
     * Moves a session to a fresh id without changing its principal (e.g. after a privilege
     * change): the old id is dead, with a {@code rotated} event, before the new one exists.
     * Use the returned session from here on.
     */
    Session rotate(Session session);

    /**
     * A principal's live sessions, exactly: never a dead one, none missing, even when no worker
     * runs. Each comes with the attributes named (e.g. a user agent). Up to 50 sessions are read
     * in one step, exact at one instant; a principal with more is read 50 at a time (so that no
     * single call holds Redis long), each part exact at its own instant.
     *
     * @throws RedisUnavailableException also while the principal's hash slot is being moved
     *     between Redis Cluster nodes: retry after the move
     */
    List<SessionInfo> sessionsOf(String principal, String... attributes);

    /**
     * Destroys all of a principal's sessions; returns how many. One atomic step for up to 50
     * sessions; a principal with more is logged out 50 at a time, and a session signed in while
     * that runs may survive it.
     */
    int logoutEverywhere(String principal);

    /** As {@link #logoutEverywhere}, but keeps {@code keepId}. */
    int logoutOthers(String principal, String keepId);

    /**
     * Runs work on a session while holding its lock, then saves it with a fencing check. The
     * lease is renewed while the work runs; if it runs out anyway (a pause longer than the
     * lease), the save is refused with {@link LockLostException} and nothing is written.
     *
     * @param lease how long the lock lives without renewal
     * @param maxWait how long to wait for a lock held by someone else
     * @throws LockTimeoutException when the lock stayed taken for longer than maxWait
     * @throws SessionGoneException when the session does not exist or ends meanwhile
     */
    <T> T withLock(String id, Duration lease, Duration maxWait, LockedWork<T> work);

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

    /**
     * Read-only views for operators: per-shard figures, the workers' heartbeats, a session
     * without sliding its deadline, server facts. Not for request paths.
     */
    SessionInspector inspector();

    /** Stops the workers and subscriptions started from this store, then closes the connection. */
    @Override
    void close();
}
