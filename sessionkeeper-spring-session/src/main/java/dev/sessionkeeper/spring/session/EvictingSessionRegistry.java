package dev.sessionkeeper.spring.session;

import dev.sessionkeeper.DestroyReason;
import dev.sessionkeeper.SessionStore;
import org.springframework.security.core.AuthenticatedPrincipal;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.userdetails.UserDetails;

import java.security.Principal;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A Spring Security {@link SessionRegistry} on the store's principal index that ends the
 * sessions it pushes out instead of marking them. Where Spring's
 * {@code SpringSessionBackedSessionRegistry} sets an "expired" attribute on the victim (loading
 * it, which slides its deadline) and leaves {@code ConcurrentSessionFilter} to log it out on
 * its next request (one more Redis call on every request), this registry destroys the victim
 * with reason {@code evicted-by-limit} in one call: its cookie is dead at once, and its
 * {@code destroyed} event says why.
 *
 * <pre>{@code
 * http.sessionManagement(s -> s.maximumSessions(2).sessionRegistry(new EvictingSessionRegistry(store)));
 * }</pre>
 *
 * <p>Sessions are never marked, so {@link #getSessionInformation} has nothing to report and
 * returns {@code null} without a Redis call: {@code ConcurrentSessionFilter} then lets every
 * request through, and an evicted session simply is not found. The store's own limit
 * ({@code maxSessionsPerPrincipal}) does the same inside the sign-in itself, atomically across
 * racing sign-ins; this registry is for applications that configure the limit in Spring
 * Security.
 */
public final class EvictingSessionRegistry implements SessionRegistry {

    private final SessionStore store;

    /**
     * A registry on the store's principal index. Thread-safe, as the store is.
     *
     * @param store the store, not {@code null}
     */
    public EvictingSessionRegistry(SessionStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * The names of every principal that has a live session (Strings: the index keeps names, not
     * Spring Security's principal objects), from the store's principal index through
     * {@link dev.sessionkeeper.inspect.SessionInspector#principals()}: read-only, a page of 100 at a time,
     * one bounded script call per shard and page, no deadline slides. Its cost grows with the
     * number of signed-in users, so it is for admin pages, not for a request path.
     */
    @Override
    public List<Object> getAllPrincipals() {
        try (var names = store.inspector().principals()) {
            return names.collect(Collectors.toCollection(ArrayList::new));
        }
    }

    /** The principal's live sessions, exactly, in one call that slides no deadline. */
    @Override
    public List<SessionInformation> getAllSessions(Object principal, boolean includeExpiredSessions) {
        String name = name(principal);
        List<SessionInformation> out = new ArrayList<>();
        if (name == null || name.isEmpty()) {
            return out;
        }
        store.sessionsOf(name).forEach(info ->
                out.add(new Evictable(name, info.id(), Date.from(info.lastAccessedAt()), store)));
        return out;
    }

    /** Always {@code null}: sessions are destroyed, never marked, so there is nothing to report. */
    @Override
    public SessionInformation getSessionInformation(String sessionId) {
        return null;
    }

    /** Nothing to do: the deadline slides on Redis's clock when the session is loaded. */
    @Override
    public void refreshLastRequest(String sessionId) {
    }

    /** Nothing to do: the store enters a session in its principal's index when it signs in. */
    @Override
    public void registerNewSession(String sessionId, Object principal) {
    }

    /** Nothing to do: a session leaves the index in the same step that ends it. */
    @Override
    public void removeSessionInformation(String sessionId) {
    }

    private static String name(Object principal) {
        if (principal instanceof UserDetails user) {
            return user.getUsername();
        }
        if (principal instanceof AuthenticatedPrincipal p) {
            return p.getName();
        }
        if (principal instanceof Authentication a) {
            return a.getName();
        }
        if (principal instanceof Principal p) {
            return p.getName();
        }
        return principal == null ? null : principal.toString();
    }

    /** A listed session whose {@link #expireNow()} destroys it. */
    private static final class Evictable extends SessionInformation {

        private static final long serialVersionUID = 1L;

        private final transient SessionStore store;

        Evictable(Object principal, String sessionId, Date lastRequest, SessionStore store) {
            super(principal, sessionId, lastRequest);
            this.store = store;
        }

        @Override
        public void expireNow() {
            super.expireNow();
            store.destroy(getSessionId(), DestroyReason.EVICTED_BY_LIMIT);
        }
    }
}
