package dev.sessionkeeper.servlet;

import dev.sessionkeeper.RedisUnavailableException;
import dev.sessionkeeper.SessionKeeperException;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.events.Subscription;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EventListener;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A servlet filter that backs {@code HttpSession} with a {@link SessionStore}. Register it
 * first in the chain, for every dispatch type you use. In code:
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
 * <p>Or in {@code web.xml} (or with {@code @WebFilter} on a subclass), with the settings as
 * init-params and the store from {@link SessionKeeperListener}: see the project's
 * {@code docs/servlet.md}.
 *
 * <p>What a request costs: nothing if it never asks for its session; one Redis call if it only
 * reads; one more at the end if it changed something. A new session sends no cookie and writes
 * nothing until something is stored in it. Malformed, unknown or expired session cookies give
 * the request a fresh session, never an error.
 *
 * <p>While Redis is unreachable, a request that needs its session is answered 503 with
 * {@code Retry-After} (configurable, see {@link Builder#redisUnavailable}); requests that never
 * read their session run on. A request whose changes cannot be saved at its end fails the same
 * way when its response is not committed yet; once the body has been sent, the loss can only be
 * logged and counted ({@link #unsavedAfterCommit()}), so a request that streams should call
 * {@link #save} before it writes.
 *
 * <p>One filter serves all requests of its context concurrently; its static helpers act on the
 * request they are given and are safe to call from any thread that handles it.
 */
public class SessionKeeperFilter implements Filter {

    /** The servlet-context attribute that holds the store; see {@link #store(ServletContext)}. */
    public static final String STORE_ATTRIBUTE = SessionStore.class.getName();

    private static final Logger log = LoggerFactory.getLogger(SessionKeeperFilter.class);
    private static final String REQUEST_ATTRIBUTE = StoreRequest.class.getName();

    private final boolean fromInitParams;
    private SessionStore store;
    private CookieSettings cookies;
    private RedisUnavailableAnswer unavailable;
    private String listenerGroup;
    private String containerListenerGroup;
    private List<EventListener> listeners = List.of();
    private final List<HttpSessionAttributeListener> attributeListeners = new ArrayList<>();
    private final AtomicLong unsavedAfterCommit = new AtomicLong();
    private Subscription listenerSubscription;

    /**
     * For a filter declared in {@code web.xml} or with {@code @WebFilter} on a subclass: the
     * settings come from the filter's init-params (the names of the {@link Builder}'s methods,
     * e.g. {@code cookieName}, {@code secure}, {@code redisUnavailableStatus}), the store from
     * the servlet context ({@link SessionKeeperListener} puts it there).
     */
    public SessionKeeperFilter() {
        this.fromInitParams = true;
    }

    private SessionKeeperFilter(Builder b) {
        this.fromInitParams = false;
        configure(b);
    }

    private void configure(Builder b) {
        this.store = b.store;
        this.cookies = new CookieSettings(b.cookieName, b.cookiePath, b.cookieDomain, b.httpOnly, b.secure, b.sameSite,
                b.maxAgeSeconds, b.trustForwardedProto);
        this.unavailable = new RedisUnavailableAnswer(b.unavailableStatus, b.retryAfterSeconds);
        this.listenerGroup = b.listenerGroup;
        this.containerListenerGroup = b.containerListenerGroup;
        this.listeners = List.copyOf(b.listeners);
    }

    /**
     * Starts configuring a filter on a store the application built (and closes).
     *
     * @param store the store, not {@code null}; the filter never closes it
     * @return a builder with the default cookie and listener settings
     */
    public static Builder builder(SessionStore store) {
        return new Builder(store);
    }

    /**
     * The store of this web application, for what a request's session cannot do on its own
     * ({@code sessionsOf}, {@code logoutEverywhere}). It is there once a {@link SessionKeeperListener}
     * or a SessionKeeperFilter has started in the context.
     *
     * @param context the web application's context
     * @return the store in the context's {@link #STORE_ATTRIBUTE}
     * @throws IllegalStateException when neither has
     */
    public static SessionStore store(ServletContext context) {
        Object s = context.getAttribute(STORE_ATTRIBUTE);
        if (!(s instanceof SessionStore store)) {
            throw new IllegalStateException("no SessionStore in this servlet context: declare the SessionKeeperListener"
                    + " (or build the SessionKeeperFilter with a store) before asking for it");
        }
        return store;
    }

    /**
     * Signs a principal in on the request's session: a new id (the old one is dead first), the
     * session indexed under the principal, the cookie updated. See {@link SessionStore#login}
     * for what it costs. The {@code HttpSession} object stays the same; the session behind it
     * moves.
     *
     * @param request a request that passed through the filter
     * @param principal the user's stable identifier
     * @return the request's session, now signed in under its new id
     * @throws IllegalStateException when the request did not pass through the filter
     * @throws dev.sessionkeeper.SessionLimitExceededException when the principal is at its limit
     *     and the store refuses further sign-ins
     */
    public static HttpSession login(HttpServletRequest request, String principal) {
        return of(request).login(principal);
    }

    /**
     * The principal the request's session is signed in as. No Redis call once the request's
     * session is loaded; otherwise this loads it, as {@code getSession(false)} does (one call
     * per session cookie tried, at most three).
     *
     * @param request any request
     * @return the principal, or {@code null} when the request has no valid session of the
     *     filter or it is anonymous
     */
    public static String principal(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (!(session instanceof StoreHttpSession s) || s.isInvalid()) {
            return null;
        }
        return s.session().principal();
    }

    /**
     * Saves what the request changed in its session now, instead of at the end of the request.
     * Call it before writing a body that may commit the response (streaming, large pages): a
     * save that fails here throws, while the request can still answer with an error; a save
     * that fails after the commit can only be logged.
     *
     * @param request a request that passed through the filter
     * @throws RedisUnavailableException when Redis cannot be reached
     * @throws IllegalStateException when the request did not pass through the filter
     */
    public static void save(HttpServletRequest request) {
        of(request).commit();
    }

    /**
     * Reads, changes and writes one attribute of the request's session so that concurrent
     * requests on the same session never lose each other's changes (a plain
     * {@code getAttribute}/{@code setAttribute} pair is last-writer-wins). The request's other
     * changes are saved first; then the change is written only if nobody saved the session since
     * it was read ({@link SessionStore#saveIfVersion}), and re-applied to a fresh copy until it
     * is. {@code change} may therefore run more than once, and must have no side effects; it gets
     * the current value (or null) and returns the new one (null removes the attribute).
     *
     * <p>Cost: one save call when nothing raced; each lost race adds a load and a save.
     *
     * @param request a request that passed through the filter
     * @param name the attribute name
     * @param change from the current value to the new one; may run several times
     * @return the value written
     * @throws IllegalStateException when the session ended meanwhile, or the request did not
     *     pass through the filter
     */
    public static Object update(HttpServletRequest request, String name, UnaryOperator<Object> change) {
        return of(request).update(Objects.requireNonNull(name, "name"), Objects.requireNonNull(change, "change"));
    }

    private static StoreRequest of(HttpServletRequest request) {
        Object r = request.getAttribute(REQUEST_ATTRIBUTE);
        if (!(r instanceof StoreRequest s)) {
            throw new IllegalStateException("this request did not pass through the SessionKeeperFilter;"
                    + " map the filter to it (for all dispatcher types) before any servlet");
        }
        return s;
    }

    /**
     * Changes lost because they could not be saved once the response was committed (each is
     * also logged at WARN).
     *
     * @return how many requests of this filter lost their changes so, since it was built
     */
    public long unsavedAfterCommit() {
        return unsavedAfterCommit.get();
    }

    /**
     * Starts the filter: reads the init-params (for a filter declared without a builder), puts
     * the store in the context if none is there, and subscribes the session listeners to their
     * consumer group.
     *
     * @param config the container's filter configuration
     * @throws IllegalStateException when a declared filter finds no store in the context
     * @throws IllegalArgumentException when an init-param is unknown or has a bad value
     */
    @Override
    public void init(FilterConfig config) {
        ServletContext context = config.getServletContext();
        try {
            if (fromInitParams && store == null) {
                configure(Builder.fromInitParams(store(context), config));
            }
            if (context.getAttribute(STORE_ATTRIBUTE) == null) {
                context.setAttribute(STORE_ATTRIBUTE, store);
            }
            List<EventListener> all = new ArrayList<>(listeners);
            List<EventListener> forwarded = SessionListenerDiscovery.containerListeners(context, containerListenerGroup != null,
                    listeners);
            all.addAll(forwarded);
            for (EventListener l : all) {
                if (l instanceof HttpSessionAttributeListener a) {
                    attributeListeners.add(a);
                }
            }
            String group = listenerGroup != null ? listenerGroup : containerListenerGroup;
            if (!all.isEmpty() && listenerSubscription == null) {
                listenerSubscription = ListenerBridge.subscribe(store, group, context, all);
            }
        } finally {
            ContainerThreads.forgetNetty();
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
            try {
                chain.doFilter(wrapped, response);
            } catch (IOException | ServletException | RuntimeException e) {
                RedisUnavailableException down = RedisUnavailableAnswer.causeOf(e);
                if (down != null && !response.isCommitted()) {
                    unavailable.answer(response, down);
                    return;
                }
                saveAfterFailure(wrapped, e);
                throw e;
            }
            if (!wrapped.isAsyncStarted()) {
                saveAtEnd(wrapped, response);
            }
        } finally {
            ContainerThreads.forgetNetty();
        }
    }

    /**
     * The end-of-request save. A failure while the response is still buffered fails the
     * request (Redis down: the configured answer; anything else: thrown to the container);
     * after the commit it can only be counted and logged.
     */
    private void saveAtEnd(StoreRequest wrapped, HttpServletResponse response) throws IOException {
        try {
            wrapped.commit();
        } catch (SessionKeeperException e) {
            if (response.isCommitted()) {
                lostAfterCommit(e);
                return;
            }
            RedisUnavailableException down = RedisUnavailableAnswer.causeOf(e);
            if (down == null) {
                throw e;
            }
            unavailable.answer(response, down);
        }
    }

    /** The save of a request that threw: its own failure is what the container must see. */
    private void saveAfterFailure(StoreRequest wrapped, Exception failure) {
        if (wrapped.isAsyncStarted()) {
            return;
        }
        try {
            wrapped.commit();
        } catch (SessionKeeperException e) {
            failure.addSuppressed(e);
        }
    }

    void lostAfterCommit(SessionKeeperException e) {
        unsavedAfterCommit.incrementAndGet();
        log.warn("the session's changes could not be saved and the response was already committed, so the client was"
                + " not told ({} such requests so far; call SessionKeeperFilter.save(request) before writing the body"
                + " to fail such requests instead): {}", unsavedAfterCommit.get(), e.getMessage());
    }

    /**
     * Stops delivering events to the session listeners. The store stays open: whoever built it
     * closes it.
     */
    @Override
    public void destroy() {
        try {
            if (listenerSubscription != null) {
                listenerSubscription.close();
                listenerSubscription = null;
            }
        } finally {
            ContainerThreads.forgetNetty();
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
        private String containerListenerGroup;
        private final List<EventListener> listeners = new ArrayList<>();
        private int unavailableStatus = 503;
        private long retryAfterSeconds = 5;

        private Builder(SessionStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /**
         * The cookie's name (default {@code SESSION}).
         *
         * @param name an HTTP token of 1 to 64 characters
         * @return this builder
         * @throws IllegalArgumentException when it is not
         */
        public Builder cookieName(String name) {
            if (name == null || !TOKEN.matcher(name).matches()) {
                throw new IllegalArgumentException("cookie name must be an HTTP token of 1-64 characters, got: " + name);
            }
            this.cookieName = name;
            return this;
        }

        /**
         * The cookie's path (default: the context path, or {@code /}).
         *
         * @param path the path, not {@code null}
         * @return this builder
         */
        public Builder cookiePath(String path) {
            this.cookiePath = Objects.requireNonNull(path, "path");
            return this;
        }

        /**
         * The cookie's domain (default: none, so only the host that set it).
         *
         * @param domain the domain, not {@code null}
         * @return this builder
         */
        public Builder cookieDomain(String domain) {
            this.cookieDomain = Objects.requireNonNull(domain, "domain");
            return this;
        }

        /**
         * Whether the cookie is {@code HttpOnly}, out of reach of scripts in the page; keep the
         * default, true, unless you must.
         *
         * @param httpOnly false to let scripts read the cookie
         * @return this builder
         */
        public Builder httpOnly(boolean httpOnly) {
            this.httpOnly = httpOnly;
            return this;
        }

        /**
         * When the cookie is flagged {@code Secure} (default {@link SecureCookie#AUTO}).
         *
         * @param secure the rule, not {@code null}
         * @return this builder
         */
        public Builder secure(SecureCookie secure) {
            this.secure = Objects.requireNonNull(secure, "secure");
            return this;
        }

        /**
         * The cookie's {@code SameSite} attribute (default {@link SameSite#LAX}).
         *
         * @param sameSite the attribute, not {@code null}
         * @return this builder
         */
        public Builder sameSite(SameSite sameSite) {
            this.sameSite = Objects.requireNonNull(sameSite, "sameSite");
            return this;
        }

        /**
         * The cookie's lifetime in the browser (default: until the browser closes). The session
         * itself still ends at its own deadline, whatever the cookie's age.
         *
         * @param maxAge the cookie's {@code Max-Age}, in whole seconds
         * @return this builder
         */
        public Builder cookieMaxAge(Duration maxAge) {
            this.maxAgeSeconds = (int) Math.min(Integer.MAX_VALUE, Objects.requireNonNull(maxAge, "maxAge").toSeconds());
            return this;
        }

        /**
         * Whether {@code X-Forwarded-Proto: https} counts as TLS for {@link SecureCookie#AUTO}
         * (default true). Turn it off when clients can reach the application without passing
         * through a proxy that sets the header.
         *
         * @param trust false to judge TLS by the request's own scheme alone
         * @return this builder
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
         * attribute listeners on the instance that handles the request. Listeners from events
         * are called on the subscription's threads, concurrently.
         *
         * @param group the consumer group name; instances of one application share it
         * @param listeners the session listeners
         * @return this builder
         * @throws IllegalArgumentException when one is not a session listener
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

        /**
         * Also calls the session listeners the container registered itself ({@code @WebListener}
         * classes that implement {@code HttpSessionListener}, {@code HttpSessionAttributeListener}
         * or {@code HttpSessionIdListener}), through the consumer group {@code group}, as
         * {@link #listeners} would. The container never calls them, since it never sees a session:
         * without this the filter warns at startup about each one it finds. Listeners declared
         * only in {@code web.xml} cannot be found this way: pass them to {@link #listeners}.
         *
         * @param group the consumer group name
         * @return this builder
         */
        public Builder forwardContainerListeners(String group) {
            this.containerListenerGroup = Objects.requireNonNull(group, "group");
            return this;
        }

        /**
         * The answer to a request that needs its session while Redis is unreachable (default 503
         * with {@code Retry-After: 5}), given instead of the exception and its stack trace. One
         * line a minute is logged, however many requests get it. {@code retryAfter} of zero sends
         * no {@code Retry-After}.
         *
         * @param status a 4xx or 5xx status
         * @param retryAfter the {@code Retry-After} to send, in whole seconds
         * @return this builder
         * @throws IllegalArgumentException when the status is not 4xx or 5xx, or the delay is
         *     negative
         */
        public Builder redisUnavailable(int status, Duration retryAfter) {
            new RedisUnavailableAnswer(status, Objects.requireNonNull(retryAfter, "retryAfter").toSeconds());
            this.unavailableStatus = status;
            this.retryAfterSeconds = retryAfter.toSeconds();
            return this;
        }

        /** The filter's init-params, as names of this builder's settings; unknown names are refused. */
        private static final Set<String> INIT_PARAMS = Set.of("cookieName", "cookiePath", "cookieDomain", "httpOnly",
                "secure", "sameSite", "cookieMaxAgeSeconds", "trustForwardedProto", "forwardContainerListeners",
                "redisUnavailableStatus", "retryAfterSeconds");

        static Builder fromInitParams(SessionStore store, FilterConfig config) {
            Builder b = new Builder(store);
            for (String name : java.util.Collections.list(config.getInitParameterNames())) {
                if (!INIT_PARAMS.contains(name)) {
                    throw new IllegalArgumentException("unknown init-param '" + name + "' of the SessionKeeperFilter "
                            + config.getFilterName() + "; known: " + new java.util.TreeSet<>(INIT_PARAMS));
                }
            }
            String v;
            if ((v = param(config, "cookieName")) != null) {
                b.cookieName(v);
            }
            if ((v = param(config, "cookiePath")) != null) {
                b.cookiePath(v);
            }
            if ((v = param(config, "cookieDomain")) != null) {
                b.cookieDomain(v);
            }
            if ((v = param(config, "httpOnly")) != null) {
                b.httpOnly(bool("httpOnly", v));
            }
            if ((v = param(config, "secure")) != null) {
                b.secure(choice("secure", v, SecureCookie.class));
            }
            if ((v = param(config, "sameSite")) != null) {
                b.sameSite(choice("sameSite", v, SameSite.class));
            }
            if ((v = param(config, "cookieMaxAgeSeconds")) != null) {
                b.cookieMaxAge(Duration.ofSeconds(number("cookieMaxAgeSeconds", v)));
            }
            if ((v = param(config, "trustForwardedProto")) != null) {
                b.trustForwardedProto(bool("trustForwardedProto", v));
            }
            if ((v = param(config, "forwardContainerListeners")) != null) {
                b.forwardContainerListeners(v);
            }
            String status = param(config, "redisUnavailableStatus");
            String retry = param(config, "retryAfterSeconds");
            if (status != null || retry != null) {
                b.redisUnavailable(status != null ? (int) number("redisUnavailableStatus", status) : b.unavailableStatus,
                        Duration.ofSeconds(retry != null ? number("retryAfterSeconds", retry) : b.retryAfterSeconds));
            }
            return b;
        }

        private static String param(FilterConfig config, String name) {
            String v = config.getInitParameter(name);
            return v == null || v.isBlank() ? null : v.strip();
        }

        private static boolean bool(String name, String v) {
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException("init-param " + name + " must be true or false, got: " + v);
            }
            return Boolean.parseBoolean(v);
        }

        private static long number(String name, String v) {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("init-param " + name + " must be a whole number, got: " + v, e);
            }
        }

        private static <E extends Enum<E>> E choice(String name, String v, Class<E> type) {
            try {
                return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("init-param " + name + " must be one of "
                        + java.util.Arrays.toString(type.getEnumConstants()) + ", got: " + v, e);
            }
        }

        /**
         * Builds the filter; it subscribes its listeners when the container calls
         * {@link SessionKeeperFilter#init}.
         *
         * @return the filter, to register with the container
         */
        public SessionKeeperFilter build() {
            return new SessionKeeperFilter(this);
        }
    }
}
