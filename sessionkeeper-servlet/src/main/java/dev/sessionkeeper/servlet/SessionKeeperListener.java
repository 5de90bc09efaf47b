package dev.sessionkeeper.servlet;

import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.SessionStoreBuilder;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Builds the web application's store when the application starts and closes it when it stops,
 * so that a {@link SessionKeeperFilter} declared in {@code web.xml} has a store, application
 * code can reach it ({@link SessionKeeperFilter#store(ServletContext)}), and an undeploy leaves
 * no connection, thread or thread-local behind. Declare it in {@code web.xml}:
 *
 * <pre>{@code
 * <listener>
 *   <listener-class>dev.sessionkeeper.servlet.SessionKeeperListener</listener-class>
 * </listener>
 * }</pre>
 *
 * <p>Where Redis is comes from context-params or the environment, as the sessionkeeper command
 * reads them: {@code sessionkeeper.redis} or {@code $SESSIONKEEPER_REDIS}, and so on (see the
 * project's {@code docs/servlet.md}). To set what those cannot (timeouts, limits, a codec),
 * subclass it and override {@link #configure}. The application fails to start when Redis cannot
 * be reached then, rather than start and answer 503 to every request.
 */
public class SessionKeeperListener implements ServletContextListener {

    private static final Logger log = LoggerFactory.getLogger(SessionKeeperListener.class);

    private SessionStore store;

    /**
     * Builds the store from the context-params and the environment, through {@link #configure},
     * and puts it in the context's {@link SessionKeeperFilter#STORE_ATTRIBUTE}.
     *
     * @param event the container's start event
     * @throws IllegalStateException when no Redis is named, or a setting or the config file
     *     cannot be read
     * @throws IllegalArgumentException when a setting has a bad value (a malformed URL)
     * @throws dev.sessionkeeper.RedisUnavailableException when Redis cannot be reached, which
     *     fails the application's start
     */
    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        try {
            ContextStoreSettings settings = ContextStoreSettings.read(context, environment());
            store = configure(settings.apply(SessionStore.builder()), context).build();
            context.setAttribute(SessionKeeperFilter.STORE_ATTRIBUTE, store);
            log.info("sessionkeeper: sessions of {} in Redis (from {}), namespace '{}'", contextName(context),
                    settings.redisSource(), settings.namespace());
        } finally {
            ContainerThreads.forgetNetty();
        }
    }

    /**
     * Adds what the context-params and the environment cannot say; the default adds nothing.
     * Called once, on the container's thread, before the store is built.
     *
     * @param builder the builder, with the context's settings applied
     * @param context the web application's context
     * @return the builder to build the store with, usually {@code builder} itself
     */
    protected SessionStoreBuilder configure(SessionStoreBuilder builder, ServletContext context) {
        return builder;
    }

    /** The environment the settings are read from. */
    Map<String, String> environment() {
        return System.getenv();
    }

    /**
     * Removes the store from the context and closes it: its connection, workers and
     * subscriptions. Sessions in Redis are untouched.
     *
     * @param event the container's stop event
     */
    @Override
    public void contextDestroyed(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        try {
            if (store != null) {
                context.removeAttribute(SessionKeeperFilter.STORE_ATTRIBUTE);
                store.close();
                store = null;
            }
        } finally {
            ContainerThreads.forgetNetty();
        }
    }

    private static String contextName(ServletContext context) {
        String path = context.getContextPath();
        return path == null || path.isEmpty() ? "the root context" : path;
    }
}
