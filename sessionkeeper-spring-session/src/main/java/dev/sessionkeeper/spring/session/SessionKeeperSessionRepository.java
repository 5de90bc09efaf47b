package dev.sessionkeeper.spring.session;

import dev.sessionkeeper.DestroyReason;
import dev.sessionkeeper.SaveResult;
import dev.sessionkeeper.Session;
import dev.sessionkeeper.SessionInfo;
import dev.sessionkeeper.SessionStore;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.PrincipalNameIndexResolver;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Spring Session's {@link FindByIndexNameSessionRepository} on a sessionkeeper
 * {@link SessionStore}: every Spring Session method is one store operation.
 *
 * <ul>
 *   <li>{@link #findById}: one script call that loads the session and slides its deadline on
 *       Redis's clock; empty for a malformed, unknown, expired or destroyed id.</li>
 *   <li>{@link #save}: writes only the attributes that changed, in one call, or none when
 *       nothing changed. A session that was deleted or expired meanwhile is never recreated:
 *       the save writes nothing and fails with {@link IllegalStateException}, as Spring
 *       Session's {@code RedisSessionRepository} does.</li>
 *   <li>The principal is resolved as Spring's {@link PrincipalNameIndexResolver} does (the
 *       {@link #PRINCIPAL_NAME_INDEX_NAME} attribute, or WebFlux's plain-named one, else the
 *       name of the authentication in {@code SPRING_SECURITY_CONTEXT}). When a save finds it new or changed, the session signs
 *       in: it moves to a fresh id in the principal's shard and enters the principal's index in
 *       the same step. When the principal is removed, the signed-in session ends (reason
 *       {@code logout}) and its attributes carry on in a fresh anonymous session.</li>
 *   <li>{@link #findByIndexNameAndIndexValue}: the principal's live sessions exactly, in one
 *       call (two on an instance whose guess of the principal's index page is out of date),
 *       without sliding their deadlines.</li>
 *   <li>{@link #deleteById}: one call; an unknown id does nothing.</li>
 * </ul>
 */
public final class SessionKeeperSessionRepository implements FindByIndexNameSessionRepository<SessionKeeperSession> {

    /**
     * Where Spring Security's {@code SpringSessionBackedSessionInformation} marks a session
     * that {@code expireNow()} expired.
     */
    static final String EXPIRED_ATTR =
            "org.springframework.session.security.SpringSessionBackedSessionInformation.EXPIRED";

    private static final String SECURITY_CONTEXT = "SPRING_SECURITY_CONTEXT";

    private final SessionStore store;
    /**
     * WebFlux names the principal attribute and index with the plain string; both name the
     * same index here, so one store serves servlet and reactive applications alike.
     */
    static final String REACTIVE_PRINCIPAL_NAME_INDEX_NAME =
            org.springframework.session.ReactiveFindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME;

    /** The plain-named attribute, else the security context's authentication, as Spring resolves it. */
    private final PrincipalNameIndexResolver<SessionKeeperSession> reactivePrincipals =
            new PrincipalNameIndexResolver<>(REACTIVE_PRINCIPAL_NAME_INDEX_NAME);
    private volatile String[] listedAttributes = {PRINCIPAL_NAME_INDEX_NAME, REACTIVE_PRINCIPAL_NAME_INDEX_NAME,
        SECURITY_CONTEXT, EXPIRED_ATTR};

    /**
     * A repository on a store the application built (and closes). Thread-safe, as the store is.
     *
     * @param store the store, not {@code null}
     */
    public SessionKeeperSessionRepository(SessionStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * The store underneath, for what Spring Session has no method for (e.g. logout everywhere).
     *
     * @return the store given to the constructor
     */
    public SessionStore store() {
        return store;
    }

    /**
     * Attributes that sessions listed by {@link #findByIndexNameAndIndexValue} carry besides
     * the principal, the security context and Spring Security's expired mark, e.g. a user
     * agent for a "your devices" page. They come in the same call.
     *
     * @param names attribute names, replacing those set before
     */
    public void setListedAttributes(String... names) {
        Set<String> all = new LinkedHashSet<>(List.of(PRINCIPAL_NAME_INDEX_NAME, REACTIVE_PRINCIPAL_NAME_INDEX_NAME,
                SECURITY_CONTEXT, EXPIRED_ATTR));
        all.addAll(List.of(names));
        this.listedAttributes = all.toArray(String[]::new);
    }

    /** A new session, not yet in Redis: the first save creates it, in one call. */
    @Override
    public SessionKeeperSession createSession() {
        return new SessionKeeperSession(store, store.newSession());
    }

    @Override
    public void save(SessionKeeperSession session) {
        if (session.isDeleted()) {
            throw new IllegalStateException("Session was invalidated");
        }
        if (session.delegate() == null) {
            saveListed(session);
            return;
        }
        Session current = session.delegate();
        String principal = principal(session);
        boolean rotate = session.takeRotation();
        if (principal != null && !principal.equals(current.principal())) {
            session.replace(store.login(current, principal));
        } else if (principal == null && current.principal() != null) {
            leavePrincipal(session, current);
        } else if (rotate) {
            session.replace(store.rotate(current));
        } else if (store.save(current) == SaveResult.GONE) {
            throw new IllegalStateException("Session was invalidated");
        }
    }

    private String principal(SessionKeeperSession session) {
        Object named = session.getAttribute(PRINCIPAL_NAME_INDEX_NAME);
        return named instanceof String name ? name : reactivePrincipals.resolveIndexValueFor(session);
    }

    /**
     * The principal was removed without the session being invalidated: the signed-in session
     * ends (which takes it out of the index in the same step) and what it held carries on
     * under a fresh anonymous id, so the old id, which was a signed-in credential, is dead.
     */
    private void leavePrincipal(SessionKeeperSession session, Session current) {
        if (!store.destroy(current.id(), DestroyReason.LOGOUT)) {
            throw new IllegalStateException("Session was invalidated");
        }
        Session fresh = store.newSession();
        for (String name : current.attributeNames()) {
            fresh.set(name, current.get(name));
        }
        if (!current.idleTimeout().equals(fresh.idleTimeout())) {
            fresh.setIdleTimeout(current.idleTimeout());
        }
        store.save(fresh);
        session.replace(fresh);
    }

    /** A listed session was read without its full state: load it, apply the changes, save. */
    private void saveListed(SessionKeeperSession session) {
        Map<String, Object> changes = session.listedChanges();
        if (changes.isEmpty()) {
            return;
        }
        Session loaded = store.find(session.getId())
                .orElseThrow(() -> new IllegalStateException("Session was invalidated"));
        changes.forEach(loaded::set);
        if (store.save(loaded) == SaveResult.GONE) {
            throw new IllegalStateException("Session was invalidated");
        }
    }

    /** Loads a live session and slides its deadline, in one call. */
    @Override
    public SessionKeeperSession findById(String id) {
        if (id == null) {
            return null;
        }
        return store.find(id).map(s -> new SessionKeeperSession(store, s)).orElse(null);
    }

    /** Ends the session (reason {@code logout}); an unknown id does nothing. */
    @Override
    public void deleteById(String id) {
        if (id != null) {
            store.destroy(id, DestroyReason.LOGOUT);
        }
    }

    /**
     * For {@link #PRINCIPAL_NAME_INDEX_NAME}: exactly the principal's live sessions, in one
     * call when this instance's guess of the index page holds, two when not, without sliding
     * their deadlines. Other index names have no index: empty.
     */
    @Override
    public Map<String, SessionKeeperSession> findByIndexNameAndIndexValue(String indexName, String indexValue) {
        boolean principalIndex = PRINCIPAL_NAME_INDEX_NAME.equals(indexName)
                || REACTIVE_PRINCIPAL_NAME_INDEX_NAME.equals(indexName);
        if (!principalIndex || indexValue == null || indexValue.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, SessionKeeperSession> out = new LinkedHashMap<>();
        for (SessionInfo info : store.sessionsOf(indexValue, listedAttributes)) {
            out.put(info.id(), new SessionKeeperSession(store, info));
        }
        return out;
    }
}
