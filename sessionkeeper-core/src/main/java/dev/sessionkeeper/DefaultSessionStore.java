package dev.sessionkeeper;

import dev.sessionkeeper.events.SessionEvents;
import dev.sessionkeeper.expiry.ExpiryWorkerBuilder;
import dev.sessionkeeper.inspect.SessionInspector;
import dev.sessionkeeper.internal.RedisSessionStore;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The store {@link SessionStoreBuilder#build()} returns: the engine's operations, with each
 * session the engine tracks handed to the application as a {@link Session} over its change
 * record. It adds no behaviour of its own, so that every promise of {@link SessionStore} is kept
 * in one place, the engine.
 */
final class DefaultSessionStore implements SessionStore {

    private final RedisSessionStore engine;

    DefaultSessionStore(RedisSessionStore engine) {
        this.engine = engine;
    }

    @Override
    public Session newSession() {
        return new Session(engine.newSession());
    }

    @Override
    public Session create() {
        Session session = newSession();
        save(session);
        return session;
    }

    @Override
    public Optional<Session> find(String id) {
        return engine.find(id).map(Session::new);
    }

    @Override
    public SaveResult save(Session session) {
        return engine.save(session.state(), false);
    }

    @Override
    public SaveResult saveIfVersion(Session session) {
        return engine.save(session.state(), true);
    }

    @Override
    public Session login(Session session, String principal) {
        return new Session(engine.login(session.state(), principal));
    }

    @Override
    public Session rotate(Session session) {
        return new Session(engine.rotate(session.state()));
    }

    @Override
    public List<SessionInfo> sessionsOf(String principal, String... attributes) {
        return engine.sessionsOf(principal, attributes);
    }

    @Override
    public int logoutEverywhere(String principal) {
        return engine.logoutEverywhere(principal);
    }

    @Override
    public int logoutOthers(String principal, String keepId) {
        return engine.logoutOthers(principal, keepId);
    }

    @Override
    public <T> T withLock(String id, Duration lease, Duration maxWait, LockedWork<T> work) {
        return engine.withLock(id, lease, maxWait, state -> work.run(new Session(state)));
    }

    @Override
    public boolean destroy(String id, DestroyReason reason) {
        return engine.destroy(id, reason);
    }

    @Override
    public boolean exists(String id) {
        return engine.exists(id);
    }

    @Override
    public long count() {
        return engine.count();
    }

    @Override
    public StoreStats stats() {
        return engine.stats();
    }

    @Override
    public SessionEvents events() {
        return engine.events();
    }

    @Override
    public ExpiryWorkerBuilder expiryWorker() {
        return engine.expiryWorker();
    }

    @Override
    public SessionInspector inspector() {
        return engine.inspector();
    }

    @Override
    public void close() {
        engine.close();
    }
}
