package dev.sessionkeeper.example;

import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A session listener registered the usual way. The container never sees the Redis sessions, so
 * it is the filter (init-param {@code forwardContainerListeners}) that calls it, from the durable
 * event log: once per event, on one instance of the application.
 */
@WebListener
public final class AuditListener implements HttpSessionListener {

    private static final AtomicLong CREATED = new AtomicLong();
    private static final AtomicLong DESTROYED = new AtomicLong();

    @Override
    public void sessionCreated(HttpSessionEvent event) {
        CREATED.incrementAndGet();
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        DESTROYED.incrementAndGet();
    }

    static String summary() {
        return "created=" + CREATED.get() + " destroyed=" + DESTROYED.get();
    }
}
