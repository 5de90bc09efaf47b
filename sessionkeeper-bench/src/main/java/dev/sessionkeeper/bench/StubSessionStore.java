package dev.sessionkeeper.bench;

import dev.sessionkeeper.DestroyReason;
import dev.sessionkeeper.ExpiryWorkerBuilder;
import dev.sessionkeeper.LockedWork;
import dev.sessionkeeper.SaveResult;
import dev.sessionkeeper.Session;
import dev.sessionkeeper.SessionEvents;
import dev.sessionkeeper.SessionInfo;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.StoreStats;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A {@link SessionStore} with no Redis behind it, for {@link FilterBenchmark} only: it measures
 * what the servlet filter costs in the JVM, so the store's Redis calls are taken out. {@code find}
 * hands back one session loaded beforehand (through a real store); {@code save} does the part of
 * the real save that runs before its script call (deciding whether anything changed, which
 * re-encodes the mutable values read) and stops there. Never used against the workload's
 * figures, and no test uses it: tests run against real Redis.
 */
final class StubSessionStore implements SessionStore {

    private final Session loaded;
    private final SessionStore newSessions;

    /**
     * @param loaded what {@code find} returns, for any id
     * @param newSessions a real store, asked only for unsaved sessions (which costs no Redis call)
     */
    StubSessionStore(Session loaded, SessionStore newSessions) {
        this.loaded = loaded;
        this.newSessions = newSessions;
    }

    @Override
    public Session newSession() {
        return newSessions.newSession();
    }

    @Override
    public Session create() {
        throw new UnsupportedOperationException("not on the measured path");
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
        throw new UnsupportedOperationException("not on the measured path");
    }

    @Override
    public Session rotate(Session session) {
        throw new UnsupportedOperationException("not on the measured path");
    }

    @Override
    public List<SessionInfo> sessionsOf(String principal, String... attributes) {
        throw new UnsupportedOperationException("not on the measured path");
    }

    @Override
    public int logoutEverywhere(String principal) {
        throw new UnsupportedOperationException("not on the measured path");
    }

    @Override
    public int logoutOthers(String principal, String keepId) {
        throw new UnsupportedOperationException("not on the measured path");
    }

    @Override
    public <T> T withLock(String id, Duration lease, Duration maxWait, LockedWork<T> work) {
        throw new UnsupportedOperationException("not on the measured path");
    }

    @Override
    public boolean destroy(String id, DestroyReason reason) {
        throw new UnsupportedOperationException("not on the measured path");
    }

    @Override
    public boolean exists(String id) {
        return true;
    }

    @Override
    public long count() {
        throw new UnsupportedOperationException("not on the measured path");
    }

    @Override
    public StoreStats stats() {
        throw new UnsupportedOperationException("not on the measured path");
    }

    @Override
    public SessionEvents events() {
        throw new UnsupportedOperationException("not on the measured path");
    }

    @Override
    public ExpiryWorkerBuilder expiryWorker() {
        throw new UnsupportedOperationException("not on the measured path");
    }

    @Override
    public void close() {
    }
}
