package dev.sessionkeeper.spring.session;

import dev.sessionkeeper.events.SessionEvent;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.events.Subscription;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.MapSession;
import org.springframework.session.events.SessionCreatedEvent;
import org.springframework.session.events.SessionDeletedEvent;
import org.springframework.session.events.SessionExpiredEvent;

import java.util.Objects;

/**
 * Publishes the store's durable event log as Spring Session's {@code ApplicationEvent}s:
 * {@code created} as {@link SessionCreatedEvent}, {@code expired} as {@link SessionExpiredEvent},
 * {@code destroyed} as {@link SessionDeletedEvent} (both are {@code SessionDestroyedEvent}s, so
 * {@code SessionEventHttpSessionListenerAdapter} calls {@code sessionDestroyed} once per ended
 * session). A {@code rotated} id is not an ended session, so it publishes nothing, as Spring
 * Session publishes nothing for {@code changeSessionId}.
 *
 * <p>In {@linkplain #group group} mode each event goes to one instance of the application, at
 * least once; a listener that throws gets the event again (up to the group's delivery limit).
 * In {@linkplain #broadcast broadcast} mode every instance hears every event written while it
 * runs.
 *
 * <p>The event's session holds the id, the snapshot attributes the store is configured to keep,
 * and the principal under {@link FindByIndexNameSessionRepository#PRINCIPAL_NAME_INDEX_NAME};
 * its creation and last access times are when the event was written. Events are published on
 * the subscription's threads, one per shard, so listeners may be called concurrently.
 */
public final class SessionEventPublisher implements AutoCloseable {

    private final Subscription subscription;

    private SessionEventPublisher(Subscription subscription) {
        this.subscription = subscription;
    }

    /**
     * Each event to one instance of {@code group} (name it after the application), at least
     * once: a listener that throws gets the event again.
     *
     * @param store the store whose events to publish; also the events' source
     * @param group the consumer group name: 1 to 64 characters of {@code A-Z a-z 0-9 _ . : -}
     * @param publisher where to publish, typically the application context
     * @return the running publisher; close it to stop
     * @throws IllegalArgumentException when the group name is malformed
     */
    public static SessionEventPublisher group(SessionStore store, String group, ApplicationEventPublisher publisher) {
        Objects.requireNonNull(publisher, "publisher");
        Object source = store;
        return new SessionEventPublisher(store.events().subscribe(group, e -> publish(source, e, publisher)));
    }

    /**
     * Every event written from now on to this instance, as long as it runs; none is delivered
     * again.
     *
     * @param store the store whose events to publish; also the events' source
     * @param publisher where to publish, typically the application context
     * @return the running publisher; close it to stop
     */
    public static SessionEventPublisher broadcast(SessionStore store, ApplicationEventPublisher publisher) {
        Objects.requireNonNull(publisher, "publisher");
        Object source = store;
        return new SessionEventPublisher(store.events().broadcast(e -> publish(source, e, publisher)));
    }

    private static void publish(Object source, SessionEvent event, ApplicationEventPublisher publisher) {
        ApplicationEvent spring = toSpring(source, event);
        if (spring != null) {
            publisher.publishEvent(spring);
        }
    }

    /** The Spring event for a logged event, or {@code null} for a rotation. */
    static ApplicationEvent toSpring(Object source, SessionEvent event) {
        MapSession session = new MapSession(event.sessionId());
        session.setCreationTime(event.writtenAt());
        session.setLastAccessedTime(event.writtenAt());
        event.snapshot().forEach(session::setAttribute);
        if (event.principal() != null) {
            session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, event.principal());
        }
        return switch (event.type()) {
            case CREATED -> new SessionCreatedEvent(source, session);
            case EXPIRED -> new SessionExpiredEvent(source, session);
            case DESTROYED -> new SessionDeletedEvent(source, session);
            case ROTATED -> null;
        };
    }

    /**
     * The underlying subscription, e.g. for its status.
     *
     * @return the subscription this publisher reads from
     */
    public Subscription subscription() {
        return subscription;
    }

    /** Stops publishing: closes the subscription, letting the listener calls in progress finish. */
    @Override
    public void close() {
        subscription.close();
    }
}
