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

    /**
     * Starts configuring a store. No connection is made until {@link SessionStoreBuilder#build()}.
     *
     * @return a new builder with the documented defaults
     */
    static SessionStoreBuilder builder() {
        return new SessionStoreBuilder();
    }

    /**
     * A new session with a fresh id, not yet in Redis: the first {@link #save} creates it, with
     * all the attributes set by then, in one call. A request that never stores anything in it
     * costs Redis nothing.
     *
     * @return a {@linkplain Session#isNew() new} session with a fresh random id and the store's
     *     default timeouts; no Redis call
     */
    Session newSession();

    /**
     * Creates an empty session in Redis now, with its {@code created} event (unless disabled).
     *
     * @return the live session, no longer new; one Redis call
     * @throws RedisUnavailableException when Redis is unreachable, slow or full
     */
    Session create();

    /**
     * Loads a live session and slides its idle deadline, in one call. Empty when the id is
     * malformed, unknown, expired, destroyed, or its data in Redis is corrupt (then the data is
     * moved to quarantine and counted in {@link #stats()}); never returns a session at or past
     * its deadline.
     *
     * @param id the id the client presented, possibly {@code null} or garbage
     * @return the session, whose deadline has slid to now plus its idle timeout, capped by its
     *     absolute timeout (except while Redis is full, see {@link StoreStats#unslidReads()});
     *     one Redis call, none for a malformed id
     * @throws RedisUnavailableException when Redis is unreachable or slow
     */
    Optional<Session> find(String id);

    /**
     * Writes what changed in the session: one call, or none when nothing changed. Creates a
     * {@linkplain Session#isNew() new} session. Never recreates one that expired or was
     * destroyed in the meantime: that is {@link SaveResult#GONE}, and nothing is written.
     * Changes of different attributes by concurrent requests all land; the same attribute is
     * last-writer-wins.
     *
     * @param session a session of this store
     * @return {@link SaveResult#SAVED}, {@link SaveResult#UNCHANGED}, {@link SaveResult#GONE},
     *     or {@link SaveResult#LOCK_LOST} for a session loaded under a lock that ran out
     * @throws RedisUnavailableException when Redis is unreachable or slow; then it is unknown
     *     whether the write landed
     * @throws RedisFullException when Redis is full; nothing was written
     */
    SaveResult save(Session session);

    /**
     * Like {@link #save}, but only if nobody saved the session since it was loaded (its
     * {@linkplain Session#version() version} is unchanged); else {@link SaveResult#CONFLICT} and
     * nothing is written. For read-modify-write of one attribute by concurrent requests.
     *
     * @param session a session of this store, as loaded
     * @return as {@link #save}, or {@link SaveResult#CONFLICT}
     * @throws RedisUnavailableException as {@link #save}
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
     * <p>Costs two Redis calls (one for a new session never saved), one more when the limit
     * evicts a session; under {@link LimitPolicy#REFUSE_LOGIN} three, and one when refused.
     *
     * @param session the session of the request, new or loaded
     * @param principal the user's stable identifier: not empty, no control characters
     * @return the signed-in session under its new id
     * @throws IllegalArgumentException when the principal is empty or has control characters
     * @throws SessionLimitExceededException when the principal is at the session limit and
     *     the policy is {@link LimitPolicy#REFUSE_LOGIN}; then nothing was written and the
     *     session passed in is still live, as it was
     */
    Session login(Session session, String principal);

    /**
     * Moves a session to a fresh id without changing its principal (e.g. after a privilege
     * change): the old id is dead, with a {@code rotated} event, before the new one exists.
     * Use the returned session from here on. Two Redis calls.
     *
     * @param session a session that has been saved
     * @return the same session under its new id
     * @throws IllegalStateException when the session is {@linkplain Session#isNew() new}
     */
    Session rotate(Session session);

    /**
     * A principal's live sessions, exactly: never a dead one, none missing, even when no worker
     * runs. Each comes with the attributes named (e.g. a user agent). Up to 50 sessions are read
     * in one step, exact at one instant; a principal with more is read 50 at a time (so that no
     * single call holds Redis long), each part exact at its own instant. Two Redis calls per 50
     * sessions; dead sessions met on the way are ended, with their events.
     *
     * @param principal the user's stable identifier
     * @param attributes the names of attributes to read with each session
     * @return the live sessions, in index order; empty for an unknown principal
     * @throws IllegalArgumentException when the principal is empty or has control characters
     * @throws RedisUnavailableException also while the principal's hash slot is being moved
     *     between Redis Cluster nodes: retry after the move
     */
    List<SessionInfo> sessionsOf(String principal, String... attributes);

    /**
     * Destroys all of a principal's sessions; returns how many. One atomic step for up to 50
     * sessions; a principal with more is logged out 50 at a time, and a session signed in while
     * that runs may survive it. Each session ends with a {@code destroyed} event (reason
     * {@code logout-everywhere}). Two Redis calls per 50 sessions.
     *
     * @param principal the user's stable identifier
     * @return how many live sessions were destroyed
     * @throws IllegalArgumentException when the principal is empty or has control characters
     */
    int logoutEverywhere(String principal);

    /**
     * As {@link #logoutEverywhere}, but keeps one session, typically the current request's.
     *
     * @param principal the user's stable identifier
     * @param keepId the id of the session to keep
     * @return how many live sessions were destroyed
     * @throws IllegalArgumentException when the principal is empty or has control characters
     */
    int logoutOthers(String principal, String keepId);

    /**
     * Runs work on a session while holding its lock, then saves it with a fencing check. The
     * lease is renewed while the work runs; if it runs out anyway (a pause longer than the
     * lease), the save is refused with {@link LockLostException} and nothing is written. The
     * lock is released however the work ends; work that throws saves nothing.
     *
     * <p>Costs the lock call (one per attempt while it waits), a {@link #find}, the save, the
     * release, and one renewal per third of the lease.
     *
     * @param <T> what the work returns
     * @param id the session's id
     * @param lease how long the lock lives without renewal
     * @param maxWait how long to wait for a lock held by someone else
     * @param work what to do with the session
     * @return what the work returned, after its changes were saved
     * @throws IllegalArgumentException when the lease is not 1 ms to
     *     {@link SessionStoreBuilder#MAX_DURATION}
     * @throws LockLostException when the lease ran out before the save
     * @throws LockTimeoutException when the lock stayed taken for longer than maxWait
     * @throws SessionGoneException when the session does not exist or ends meanwhile
     */
    <T> T withLock(String id, Duration lease, Duration maxWait, LockedWork<T> work);

    /**
     * Ends a live session before its deadline, with its {@code destroyed} event, in one Redis
     * call (none for a malformed id). Every later find, save or exists sees it gone.
     *
     * @param id the session's id
     * @param reason why, recorded in the event
     * @return true when a live session was destroyed, false when there was none
     */
    boolean destroy(String id, DestroyReason reason);

    /**
     * Whether the session is live, without sliding its deadline. Read-only, one Redis call
     * (none for a malformed id).
     *
     * @param id the session's id
     * @return true when the session exists and its deadline is ahead by Redis's clock
     */
    boolean exists(String id);

    /**
     * The number of live sessions in the store's shards, each shard exact at its own instant.
     *
     * @return the count; one pipelined Redis call per shard
     */
    long count();

    /**
     * Counters of malformed ids and corrupt sessions turned away, and of reads made while Redis
     * was full, since this store was built. No Redis call.
     *
     * @return a snapshot of the counters
     */
    StoreStats stats();

    /**
     * The durable event log: every session's {@code created} event and its one terminal event
     * ({@code expired}, {@code destroyed} or {@code rotated}), to subscribe to.
     *
     * @return this store's event log, the same object on every call
     */
    SessionEvents events();

    /**
     * Configures an expiry worker on this store's connection. Sessions are unusable from their
     * deadline whether or not a worker runs; the worker is what writes their {@code expired}
     * event on time (and removes their data).
     *
     * @return a new worker builder; nothing runs until its {@code start()}
     */
    ExpiryWorkerBuilder expiryWorker();

    /**
     * Read-only views for operators: per-shard figures, the workers' heartbeats, a session
     * without sliding its deadline, server facts. Not for request paths.
     *
     * @return this store's inspector
     */
    SessionInspector inspector();

    /**
     * Stops the workers and subscriptions started from this store, then closes the connection.
     * Sessions in Redis are untouched; the store is not to be used afterwards.
     */
    @Override
    void close();
}
