package dev.sessionkeeper.app.web;

import dev.sessionkeeper.LimitPolicy;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.SessionStoreBuilder;
import dev.sessionkeeper.app.demo.TrafficSimulator;
import dev.sessionkeeper.app.ops.PrometheusMetrics;
import dev.sessionkeeper.app.support.PortInUseException;
import dev.sessionkeeper.events.Subscription;
import dev.sessionkeeper.expiry.ExpiryWorker;
import dev.sessionkeeper.servlet.SameSite;
import dev.sessionkeeper.servlet.SecureCookie;
import dev.sessionkeeper.servlet.SessionKeeperFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletResponse;
import java.net.BindException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web demo, assembled: an expiry worker, the broadcast subscription that feeds the dashboard, the optional
 * traffic simulator, and an embedded Jetty with the sessionkeeper filter in front of plain servlets.
 *
 * <pre>
 *   /                   sign in (GET), /signin (POST)
 *   /devices            the user's live sessions (GET), /signout (POST: this device, the others, everywhere)
 *   /dashboard          live count, expirations per second, lateness histogram, event feed
 *   /dashboard/stats    the dashboard's figures as JSON
 *   /dashboard/events   the event feed as server-sent events
 *   /static/*, /webjars/*   scripts and styles from the classpath
 * </pre>
 *
 * Started by {@code sessionkeeper demo}, and in-process by the tests on a free port.
 */
public final class WebDemo implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebDemo.class);

    static final String COOKIE = "SESSION";
    public static final String USER_AGENT = "userAgent";
    public static final String SIGNED_IN_AT = "signedInAt";
    public static final int SESSION_LIMIT = 3;
    /**
     * What a visitor may pick on the sign-in form. Demo timeouts are short, so that sessions visibly end: the
     * shortest one runs out while the visitor watches its countdown.
     */
    static final List<Duration> IDLE_CHOICES = List.of(Duration.ofSeconds(10), Duration.ofSeconds(90), Duration.ofMinutes(5));
    static final Duration DEFAULT_IDLE = Duration.ofSeconds(90);
    static final Duration ABSOLUTE = Duration.ofMinutes(15);
    /** A session before sign-in only holds the form's CSRF token. */
    static final Duration ANONYMOUS_IDLE = Duration.ofMinutes(10);

    private final ExpiryWorker worker;
    private final EventFeed feed;
    private final Subscription subscription;
    private final TrafficSimulator simulator;
    private final Server server;

    private WebDemo(ExpiryWorker worker, EventFeed feed, Subscription subscription, TrafficSimulator simulator,
            Server server) {
        this.worker = worker;
        this.feed = feed;
        this.subscription = subscription;
        this.simulator = simulator;
        this.server = server;
    }

    /**
     * The store settings the demo needs: its timeouts, the per-user limit, the user agent in expiry events, and
     * the meters that {@code /metrics} serves.
     */
    public static SessionStoreBuilder configure(SessionStoreBuilder builder, PrometheusMetrics metrics) {
        return builder.observer(metrics.observer())
                .idleTimeout(DEFAULT_IDLE)
                .absoluteTimeout(ABSOLUTE)
                .maxSessionsPerPrincipal(SESSION_LIMIT, LimitPolicy.EVICT_LEAST_RECENTLY_USED)
                .snapshotAttributes(USER_AGENT);
    }

    /**
     * Starts everything on a store built with {@link #configure}; the store stays the caller's to close.
     *
     * @param host the interface to listen on, e.g. "localhost", or "0.0.0.0" for every interface
     * @param port the port, 0 for any free one
     * @param simulatedUsers synthetic users to run, 0 for none
     * @throws PortInUseException when the port is taken
     */
    public static WebDemo start(SessionStore store, PrometheusMetrics metrics, String host, int port, int simulatedUsers) {
        ExpiryWorker worker = store.expiryWorker().start();
        ExpiryStats stats = new ExpiryStats();
        EventFeed feed = new EventFeed(stats);
        Subscription subscription = null;
        TrafficSimulator simulator = new TrafficSimulator(store, simulatedUsers);
        Server server = server(store, metrics, worker, stats, feed, simulator, host, port);
        WebDemo demo = null;
        try {
            subscription = store.events().broadcast(feed);
            demo = new WebDemo(worker, feed, subscription, simulator, server);
            server.start();
        } catch (Exception e) {
            if (demo != null) {
                demo.close();
            } else {
                feed.close();
                worker.close();
            }
            if (hasCause(e, BindException.class)) {
                throw new PortInUseException(port, e);
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException("cannot start the web server: " + e, e);
        }
        simulator.start();
        return demo;
    }

    /** The port the server listens on (the one it picked, when asked for port 0). */
    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    public int simulatedUsers() {
        return simulator.users();
    }

    /** Answers a POST with "303 See Other": the browser then GETs the page, and back and reload stay harmless. */
    static void redirect(HttpServletResponse response, String path) {
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", path);
    }

    private static Server server(SessionStore store, PrometheusMetrics metrics, ExpiryWorker worker, ExpiryStats stats, EventFeed feed,
            TrafficSimulator simulator, String host, int port) {
        // A demo's load: a few threads are plenty, and each open dashboard holds none (its stream is async).
        QueuedThreadPool threads = new QueuedThreadPool(32, 4);
        threads.setName("sessionkeeper-web");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setStopTimeout(2_000);

        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        SessionKeeperFilter filter = SessionKeeperFilter.builder(store)
                .cookieName(COOKIE)
                .secure(SecureCookie.AUTO)
                .sameSite(SameSite.LAX)
                .build();
        FilterHolder filterHolder = new FilterHolder(filter);
        filterHolder.setAsyncSupported(true);
        context.addFilter(filterHolder, "/*", EnumSet.allOf(DispatcherType.class));

        SignInServlet signIn = new SignInServlet(store);
        add(context, signIn, "");
        add(context, signIn, "/signin");
        DevicesServlet devices = new DevicesServlet(store);
        add(context, devices, "/devices");
        add(context, devices, "/signout");
        DashboardServlet dashboard = new DashboardServlet(store, worker, stats, simulator);
        add(context, dashboard, "/dashboard");
        add(context, dashboard, DashboardServlet.STATS_PATH);
        add(context, new EventStreamServlet(feed), "/dashboard/events");
        add(context, new MetricsServlet(metrics), "/metrics");
        add(context, new ClasspathResourceServlet("dev/sessionkeeper/app/web", "no-cache"), "/static/*");
        add(context, new ClasspathResourceServlet("META-INF/resources/webjars", "public, max-age=86400, immutable"),
                "/webjars/*");
        server.setHandler(context);
        return server;
    }

    private static void add(ServletContextHandler context, HttpServlet servlet, String path) {
        ServletHolder holder = new ServletHolder(servlet);
        holder.setAsyncSupported(true);
        context.addServlet(holder, path);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Stops in the order that lets each part finish: no new simulated traffic, the dashboards' streams ended
     * (else the server would wait for them), the server, then the subscription and the worker.
     */
    @Override
    public void close() {
        simulator.close();
        feed.close();
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("stopping the web server: {}", e.toString());
        }
        subscription.close();
        worker.close();
    }
}
