package dev.sessionkeeper.bench;

import dev.sessionkeeper.DestroyReason;
import dev.sessionkeeper.expiry.ExpiryWorkerBuilder;
import dev.sessionkeeper.LockedWork;
import dev.sessionkeeper.SaveResult;
import dev.sessionkeeper.Session;
import dev.sessionkeeper.events.SessionEvents;
import dev.sessionkeeper.SessionInfo;
import dev.sessionkeeper.inspect.SessionInspector;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.StoreStats;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A {@link SessionStore} whose request path has no Redis behind it, for {@link FilterBenchmark}
 * only: it measures what the servlet filter costs in the JVM, so the store's Redis calls on that
 * path are taken out. {@code find} hands back one session loaded beforehand (through the real
 * store); {@code save} does the part of the real save that runs before its script call (deciding
 * whether anything changed, which re-encodes the mutable values read) and stops there;
 * {@code exists} says yes. Everything off the measured path goes to the real store unchanged.
 * Never used against the workload's figures, and no test uses it: tests run against real Redis.
 */
final class StubSessionStore implements SessionStore {

    private final Session loaded;
    private final SessionStore real;

    /**
     * @param loaded what {@code find} returns, for any id
     * @param real the store behind everything else; unsaved sessions from it cost no Redis call
     */
    StubSessionStore(Session loaded, SessionStore real) {
        this.loaded = loaded;
        this.real = real;
    }

    @Override
    public Session newSession() {
        return real.newSession();
    }

    @Override
    public Session create() {
        return real.create();
    }

    @Override
    public Optional<Session> find(String id) {
        return Optional.of(loaded);
    }

    @Override
    public SaveResult save(Session session) {
        return session.hasChanges() ? SaveResult.SAVED : SaveResult.UNCHANGED;
    }

    @Override
    public SaveResult saveIfVersion(Session session) {
        return save(session);
    }

    @Override
    public Session login(Session session, String principal) {
        return real.login(session, principal);
    }

    @Override
    public Session rotate(Session session) {
        return real.rotate(session);
    }

    @Override
    public List<SessionInfo> sessionsOf(String principal, String... attributes) {
        return real.sessionsOf(principal, attributes);
    }

    @Override
    public int logoutEverywhere(String principal) {
        return real.logoutEverywhere(principal);
    }

    @Override
    public int logoutOthers(String principal, String keepId) {
        return real.logoutOthers(principal, keepId);
    }

    @Override
    public <T> T withLock(String id, Duration lease, Duration maxWait, LockedWork<T> work) {
        return real.withLock(id, lease, maxWait, work);
    }

    @Override
    public boolean destroy(String id, DestroyReason reason) {
        return real.destroy(id, reason);
    }

    @Override
    public boolean exists(String id) {
        return true;
    }

    @Override
    public long count() {
        return real.count();
    }

    @Override
    public StoreStats stats() {
        return real.stats();
    }

    @Override
    public SessionEvents events() {
        return real.events();
    }

    @Override
    public ExpiryWorkerBuilder expiryWorker() {
        return real.expiryWorker();
    }

    @Override
    public SessionInspector inspector() {
        return real.inspector();
    }

    @Override
    public void close() {
        // The real store belongs to the benchmark that built it, which closes it.
    }
}
