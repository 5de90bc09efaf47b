package dev.sessionkeeper.servlet;

import dev.sessionkeeper.events.SessionEvent;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.events.Subscription;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;

import java.util.EventListener;
import java.util.List;
import java.util.Map;

/**
 * Calls servlet session listeners from the durable event log, through a consumer group: each
 * event reaches one instance of the application, and reaches it even if the instance that
 * created the session is gone. This is what a container does in memory, made to survive
 * restarts and to fire on time (from the expiry worker's events).
 *
 * <ul>
 *   <li>{@code created}: {@code sessionCreated}, unless the session was rotated from another
 *       id (a sign-in, {@code changeSessionId}): that is one session under a new id, reported
 *       by the {@code rotated} event alone, as a container's {@code changeSessionId} fires only
 *       {@code sessionIdChanged};</li>
 *   <li>{@code expired} and {@code destroyed}: {@code attributeRemoved} for each attribute of
 *       the event's snapshot (configure the store's snapshot to choose which), then
 *       {@code sessionDestroyed};</li>
 *   <li>{@code rotated}: {@code sessionIdChanged} on the successor.</li>
 * </ul>
 * A listener that throws makes the event come back later (up to the group's maximum
 * deliveries), so listeners should be idempotent; {@link EventHttpSession} carries no state
 * a repeat could corrupt.
 */
final class ListenerBridge {

    private ListenerBridge() {
    }

    static Subscription subscribe(SessionStore store, String group, ServletContext context, List<EventListener> listeners) {
        return store.events().subscribe(group, event -> dispatch(event, context, listeners));
    }

    static void dispatch(SessionEvent event, ServletContext context, List<EventListener> listeners) {
        switch (event.type()) {
            case CREATED -> {
                if (event.predecessorId() != null) {
                    return;
                }
                EventHttpSession view = new EventHttpSession(event.sessionId(), event, context);
                for (EventListener l : listeners) {
                    if (l instanceof HttpSessionListener s) {
                        s.sessionCreated(new HttpSessionEvent(view));
                    }
                }
            }
            case EXPIRED, DESTROYED -> {
                EventHttpSession view = new EventHttpSession(event.sessionId(), event, context);
                for (Map.Entry<String, Object> attribute : event.snapshot().entrySet()) {
                    for (EventListener l : listeners) {
                        if (l instanceof HttpSessionAttributeListener a) {
                            a.attributeRemoved(new HttpSessionBindingEvent(view, attribute.getKey(), attribute.getValue()));
                        }
                    }
                }
                for (EventListener l : listeners) {
                    if (l instanceof HttpSessionListener s) {
                        s.sessionDestroyed(new HttpSessionEvent(view));
                    }
                }
            }
            case ROTATED -> {
                EventHttpSession view = new EventHttpSession(event.successorId(), event, context);
                for (EventListener l : listeners) {
                    if (l instanceof HttpSessionIdListener i) {
                        i.sessionIdChanged(new HttpSessionEvent(view), event.sessionId());
                    }
                }
            }
        }
    }
}
