package dev.sessionkeeper.servlet;

import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.Subscription;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EventListener;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A servlet filter that backs {@code HttpSession} with a {@link SessionStore}. Register it
 * first in the chain, for every dispatch type you use:
 *
 * <pre>{@code
 * SessionKeeperFilter filter = SessionKeeperFilter.builder(store)
 *     .cookieName("SESSION")
 *     .listeners("my-app", new AuditListener())   // HttpSessionListener etc., from durable events
 *     .build();
 * context.addFilter(new FilterHolder(filter), "/*", EnumSet.allOf(DispatcherType.class));
 *
 * // on sign-in, in a servlet:
 * SessionKeeperFilter.login(request, "alice");    // new id, indexed under alice
 * }</pre>
 *
 * <p>What a request costs: nothing if it never asks for its session; one Redis call if it only
 * reads; one more at the end if it changed something. A new session sends no cookie and writes
 * nothing until something is stored in it. Malformed, unknown or expired session cookies give
 * the request a fresh session, never an error.
 */
public final class SessionKeeperFilter implements Filter {

    private static final String REQUEST_ATTRIBUTE = StoreRequest.class.getName();

    private final SessionStore store;
    private final CookieSettings cookies;
    private final String listenerGroup;
    private final List<EventListener> listeners;
    private final List<HttpSessionAttributeListener> attributeListeners = new ArrayList<>();
    private Subscription listenerSubscription;

    private SessionKeeperFilter(Builder b) {
        this.store = b.store;
        this.cookies = new CookieSettings(b.cookieName, b.cookiePath, b.cookieDomain, b.httpOnly, b.secure, b.sameSite,
                b.maxAgeSeconds, b.trustForwardedProto);
        this.listenerGroup = b.listenerGroup;
        this.listeners = List.copyOf(b.listeners);
        for (EventListener l : listeners) {
            if (l instanceof HttpSessionAttributeListener a) {
                attributeListeners.add(a);
            }
        }
    }

    public static Builder builder(SessionStore store) {
        return new Builder(store);
    }

    /**
     * Signs a principal in on the request's session: a new id (the old one is dead first), the
     * session indexed under the principal, the cookie updated. See {@link SessionStore#login}.
     *
     * @throws IllegalStateException when the request did not pass through the filter
     * @throws dev.sessionkeeper.SessionLimitExceededException when the principal is at its limit
     *     and the store refuses further sign-ins
     */
    public static HttpSession login(HttpServletRequest request, String principal) {
        return of(request).login(principal);
    }

    /** The principal the request's session is signed in as, or {@code null}. */
    public static String principal(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (!(session instanceof StoreHttpSession s) || s.isInvalid()) {
            return null;
        }
        return s.session().principal();
    }

    private static StoreRequest of(HttpServletRequest request) {
        Object r = request.getAttribute(REQUEST_ATTRIBUTE);
        if (!(r instanceof StoreRequest s)) {
            throw new IllegalStateException("this request did not pass through the SessionKeeperFilter;"
                    + " map the filter to it (for all dispatcher types) before any servlet");
        }
        return s;
    }

    @Override
    public void init(FilterConfig config) {
        if (!listeners.isEmpty() && listenerSubscription == null) {
            listenerSubscription = ListenerBridge.subscribe(store, listenerGroup, config.getServletContext(), listeners);
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest http) || !(res instanceof HttpServletResponse response)
                || req.getAttribute(REQUEST_ATTRIBUTE) != null) {
            // Not HTTP, or a forward, include or async dispatch of a request already wrapped.
            chain.doFilter(req, res);
            return;
        }
        StoreRequest wrapped = new StoreRequest(http, response, this);
        http.setAttribute(REQUEST_ATTRIBUTE, wrapped);
        try {
            chain.doFilter(wrapped, response);
        } finally {
            if (!wrapped.isAsyncStarted()) {
                wrapped.commit();
            }
        }
    }

    @Override
    public void destroy() {
        if (listenerSubscription != null) {
            listenerSubscription.close();
            listenerSubscription = null;
        }
    }

    SessionStore store() {
        return store;
    }

    CookieSettings cookies() {
        return cookies;
    }

    List<HttpSessionAttributeListener> attributeListeners() {
        return attributeListeners;
    }

    /** The filter's settings; only the store is required. */
    public static final class Builder {
        private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]{1,64}");

        private final SessionStore store;
        private String cookieName = "SESSION";
        private String cookiePath;
        private String cookieDomain;
        private boolean httpOnly = true;
        private SecureCookie secure = SecureCookie.AUTO;
        private SameSite sameSite = SameSite.LAX;
        private int maxAgeSeconds = -1;
        private boolean trustForwardedProto = true;
        private String listenerGroup;
        private final List<EventListener> listeners = new ArrayList<>();

        private Builder(SessionStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /** The cookie's name (default {@code SESSION}). */
        public Builder cookieName(String name) {
            if (name == null || !TOKEN.matcher(name).matches()) {
                throw new IllegalArgumentException("cookie name must be an HTTP token of 1-64 characters, got: " + name);
            }
            this.cookieName = name;
            return this;
        }

        /** The cookie's path (default: the context path, or {@code /}). */
        public Builder cookiePath(String path) {
            this.cookiePath = Objects.requireNonNull(path, "path");
            return this;
        }

        /** The cookie's domain (default: none, so only the host that set it). */
        public Builder cookieDomain(String domain) {
            this.cookieDomain = Objects.requireNonNull(domain, "domain");
            return this;
        }

        /** Whether scripts in the page can read the cookie; keep the default, true, unless you must. */
        public Builder httpOnly(boolean httpOnly) {
            this.httpOnly = httpOnly;
            return this;
        }

        /** When the cookie is flagged {@code Secure} (default {@link SecureCookie#AUTO}). */
        public Builder secure(SecureCookie secure) {
            this.secure = Objects.requireNonNull(secure, "secure");
            return this;
        }

        /** The cookie's {@code SameSite} attribute (default {@link SameSite#LAX}). */
        public Builder sameSite(SameSite sameSite) {
            this.sameSite = Objects.requireNonNull(sameSite, "sameSite");
            return this;
        }

        /**
         * The cookie's lifetime in the browser (default: until the browser closes). The session
         * itself still ends at its own deadline, whatever the cookie's age.
         */
        public Builder cookieMaxAge(Duration maxAge) {
            this.maxAgeSeconds = (int) Math.min(Integer.MAX_VALUE, Objects.requireNonNull(maxAge, "maxAge").toSeconds());
            return this;
        }

        /**
         * Whether {@code X-Forwarded-Proto: https} counts as TLS for {@link SecureCookie#AUTO}
         * (default true). Turn it off when clients can reach the application without passing
         * through a proxy that sets the header.
         */
        public Builder trustForwardedProto(boolean trust) {
            this.trustForwardedProto = trust;
            return this;
        }

        /**
         * Session listeners ({@code HttpSessionListener}, {@code HttpSessionAttributeListener},
         * {@code HttpSessionIdListener}). Creation, expiry, destruction and id changes reach them
         * from the durable event log, through the consumer group {@code group}: once per event,
         * on one instance of the application. Attribute changes a request makes reach the
         * attribute listeners on the instance that handles the request.
         */
        public Builder listeners(String group, EventListener... listeners) {
            this.listenerGroup = Objects.requireNonNull(group, "group");
            for (EventListener l : listeners) {
                if (!(l instanceof HttpSessionListener || l instanceof HttpSessionAttributeListener
                        || l instanceof HttpSessionIdListener)) {
                    throw new IllegalArgumentException(l.getClass().getName() + " is not a session listener");
                }
                this.listeners.add(l);
            }
            return this;
        }

        public SessionKeeperFilter build() {
            return new SessionKeeperFilter(this);
        }
    }
}
