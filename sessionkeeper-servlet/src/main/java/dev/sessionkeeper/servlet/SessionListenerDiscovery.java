package dev.sessionkeeper.servlet;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.annotation.HandlesTypes;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.EventListener;
import java.util.List;
import java.util.Set;

/**
 * Finds the application's own session listener classes as the container starts it, so that the
 * filter can call the ones the container registered (it never calls them itself: it never sees
 * a session) or warn about each at startup instead of leaving them silently dead. Registered by
 * the jar's {@code META-INF/services}; it only records the classes, so an application that does
 * not use the filter pays nothing but the container's class scan.
 */
@HandlesTypes({HttpSessionListener.class, HttpSessionAttributeListener.class, HttpSessionIdListener.class})
public final class SessionListenerDiscovery implements ServletContainerInitializer {

    private static final Logger log = LoggerFactory.getLogger(SessionKeeperFilter.class);
    private static final String ATTRIBUTE = SessionListenerDiscovery.class.getName();

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        List<Class<?>> found = new ArrayList<>();
        if (classes != null) {
            for (Class<?> c : classes) {
                // The application's own classes only: the container's (a WebSocket session
                // listener, say) are its business.
                if (c.getClassLoader() == context.getClassLoader()
                        && !c.isInterface() && !Modifier.isAbstract(c.getModifiers())
                        && !c.getName().startsWith(SessionListenerDiscovery.class.getPackageName() + ".")) {
                    found.add(c);
                }
            }
        }
        context.setAttribute(ATTRIBUTE, List.copyOf(found));
    }

    /**
     * The container's session listeners, as new instances to call, when {@code forward}; else
     * none, after a warning for each. Classes of which {@code own} already has an instance are
     * left out either way.
     */
    @SuppressWarnings("unchecked")
    static List<EventListener> containerListeners(ServletContext context, boolean forward, List<EventListener> own) {
        Object recorded = context.getAttribute(ATTRIBUTE);
        List<EventListener> out = new ArrayList<>();
        if (!(recorded instanceof List<?> classes)) {
            return out;
        }
        for (Class<?> c : (List<Class<?>>) classes) {
            if (own.stream().anyMatch(l -> l.getClass() == c)) {
                continue;
            }
            boolean registered = c.isAnnotationPresent(WebListener.class);
            if (forward && registered) {
                try {
                    out.add((EventListener) c.getDeclaredConstructor().newInstance());
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot create the session listener " + c.getName()
                            + " to forward session events to it; give it a public no-argument constructor", e);
                }
            } else if (registered) {
                log.warn("{} is a @WebListener session listener, but sessions live in Redis and the container will never"
                        + " call it: set the SessionKeeperFilter's init-param forwardContainerListeners to a consumer group"
                        + " name (or call builder.forwardContainerListeners or builder.listeners) to have it called",
                        c.getName());
            } else {
                log.warn("{} is a session listener; if web.xml registers it, the container will never call it, since"
                        + " sessions live in Redis: pass an instance to SessionKeeperFilter.builder(store).listeners(...),"
                        + " or annotate it @WebListener and set the filter's init-param forwardContainerListeners",
                        c.getName());
            }
        }
        return out;
    }
}
