package dev.sessionkeeper.spring.session;

import dev.sessionkeeper.Session;
import dev.sessionkeeper.SessionInfo;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.SessionStoreBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A Spring Session {@link org.springframework.session.Session} backed by a sessionkeeper
 * {@link Session}.
 *
 * <p>Times come from Redis's clock: {@link #setLastAccessedTime} is ignored, because loading
 * the session already slid its deadline on Redis's clock, and an application server's clock
 * must not move it. {@link #changeSessionId} rotates the id at once (the old id is dead before
 * the new one is returned), so a stolen pre-login id is worthless from that instant on.
 *
 * <p>Sessions listed by {@link SessionKeeperSessionRepository#findByIndexNameAndIndexValue}
 * were read without sliding their deadline and carry only the attributes the repository lists;
 * saving one loads it first.
 */
public final class SessionKeeperSession implements org.springframework.session.Session {

    /**
     * The idle timeout that stands for Spring's "never expires" (a negative interval): the
     * longest the store accepts (10 years), so the absolute timeout, when the store has one, is
     * what ends the session.
     */
    static final Duration NEVER = SessionStoreBuilder.MAX_DURATION;

    private final SessionStore store;
    private Session delegate;
    private final SessionInfo listed;
    private final Map<String, Object> listedChanges;
    private final Instant draftedAt;
    private boolean deleted;
    /** Set by the reactive repository: {@link #changeSessionId} leaves the rotation to the save. */
    private boolean rotateAtSave;
    private boolean rotationPending;

    SessionKeeperSession(SessionStore store, Session delegate) {
        this.store = store;
        this.delegate = delegate;
        this.listed = null;
        this.listedChanges = null;
        this.draftedAt = delegate.isNew() ? Instant.now() : null;
    }

    SessionKeeperSession(SessionStore store, SessionInfo listed) {
        this.store = store;
        this.delegate = null;
        this.listed = listed;
        this.listedChanges = new LinkedHashMap<>();
        this.draftedAt = null;
    }

    /** The sessionkeeper session underneath, or empty for a listed one. */
    synchronized Session delegate() {
        return delegate;
    }

    synchronized void replace(Session next) {
        this.delegate = next;
    }

    synchronized SessionInfo listed() {
        return listed;
    }

    /** Changes made to a listed session: name to value, {@code null} for a removal. */
    synchronized Map<String, Object> listedChanges() {
        return new LinkedHashMap<>(listedChanges);
    }

    synchronized void markDeleted() {
        deleted = true;
    }

    synchronized boolean isDeleted() {
        return deleted;
    }

    /** For the reactive repository, whose saves run on a scheduler for blocking work. */
    synchronized SessionKeeperSession rotatingAtSave() {
        rotateAtSave = true;
        return this;
    }

    /** Whether a {@link #changeSessionId} waits for the save, clearing it. */
    synchronized boolean takeRotation() {
        boolean pending = rotationPending;
        rotationPending = false;
        return pending;
    }

    @Override
    public synchronized String getId() {
        return listed != null ? listed.id() : delegate.id();
    }

    /**
     * Moves the session to a fresh id now: one rotation in Redis for a saved session (the old
     * id is dead first), none for a session not yet saved, which simply takes a new id.
     *
     * <p>A saved session of the reactive repository rotates in its next save instead, which
     * Spring Session's WebFlux store runs right after this call, on the repository's scheduler:
     * this call is made on whatever thread the request is on (often a Netty event loop, which
     * must not wait for Redis). Until that save, the id and this method's result are still the
     * old id; the cookie is written with the new one after it. The order stays fail-closed: the
     * old id is dead before the new one is handed out, and a sign-in in the same save rotates
     * once, not twice.
     */
    @Override
    public synchronized String changeSessionId() {
        if (listed != null) {
            throw new IllegalStateException("a listed session cannot change its id; load it with findById first");
        }
        if (rotateAtSave && !delegate.isNew()) {
            rotationPending = true;
            return delegate.id();
        }
        if (delegate.isNew()) {
            Session fresh = store.newSession();
            for (String name : delegate.attributeNames()) {
                fresh.set(name, delegate.get(name));
            }
            if (!delegate.idleTimeout().equals(fresh.idleTimeout())) {
                fresh.setIdleTimeout(delegate.idleTimeout());
            }
            delegate = fresh;
        } else {
            delegate = store.rotate(delegate);
        }
        return delegate.id();
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T> T getAttribute(String name) {
        if (listed != null) {
            return (T) (listedChanges.containsKey(name) ? listedChanges.get(name) : listed.attributes().get(name));
        }
        return (T) delegate.get(name);
    }

    @Override
    public synchronized Set<String> getAttributeNames() {
        if (listed != null) {
            Set<String> names = new LinkedHashSet<>(listed.attributes().keySet());
            listedChanges.forEach((name, value) -> {
                if (value == null) {
                    names.remove(name);
                } else {
                    names.add(name);
                }
            });
            return Collections.unmodifiableSet(names);
        }
        return delegate.attributeNames();
    }

    @Override
    public synchronized void setAttribute(String name, Object value) {
        Objects.requireNonNull(name, "attribute name");
        if (listed != null) {
            listedChanges.put(name, value);
        } else {
            delegate.set(name, value);
        }
    }

    @Override
    public synchronized void removeAttribute(String name) {
        setAttribute(name, null);
    }

    @Override
    public synchronized Instant getCreationTime() {
        if (listed != null) {
            return listed.createdAt();
        }
        Instant created = delegate.createdAt();
        return created != null ? created : draftedAt;
    }

    /** Ignored: the deadline slid on Redis's clock when the session was loaded. */
    @Override
    public void setLastAccessedTime(Instant lastAccessedTime) {
    }

    @Override
    public synchronized Instant getLastAccessedTime() {
        if (listed != null) {
            return listed.lastAccessedAt();
        }
        Instant last = delegate.lastAccessedAt();
        return last != null ? last : draftedAt;
    }

    /**
     * The idle timeout. A negative interval (Spring's "never") lifts the idle timeout; the
     * store's absolute timeout still ends the session. Zero ends it at its next save, as
     * Spring's own sessions expire at once.
     */
    @Override
    public synchronized void setMaxInactiveInterval(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (listed != null) {
            throw new IllegalStateException("a listed session cannot change its timeout; load it with findById first");
        }
        Duration idle = interval.isNegative() ? NEVER : interval.toMillis() < 1 ? Duration.ofMillis(1) : interval;
        if (!idle.equals(delegate.idleTimeout())) {
            delegate.setIdleTimeout(idle);
        }
    }

    @Override
    public synchronized Duration getMaxInactiveInterval() {
        if (listed != null) {
            return Duration.between(listed.lastAccessedAt(), listed.expiresAt());
        }
        Duration idle = delegate.idleTimeout();
        return idle.equals(NEVER) ? Duration.ofSeconds(-1) : idle;
    }

    /**
     * True once this session was deleted through the repository. A session the store returned
     * is live by Redis's clock; asking the application server's clock again would only let a
     * skewed clock disagree with Redis.
     */
    @Override
    public synchronized boolean isExpired() {
        return deleted;
    }

    @Override
    public String toString() {
        String id = getId();
        return "SessionKeeperSession[" + id.substring(0, Math.min(8, id.length())) + "...]";
    }
}
