package dev.sessionkeeper.events;

/**
 * Handles session events. For a consumer group, returning normally acknowledges the event;
 * throwing leaves it pending, so it is delivered again after the visibility timeout, and after
 * the group's maximum number of deliveries it moves to the dead-letter stream.
 *
 * <p>A subscription calls its handler from one thread per shard, so an implementation must be
 * thread-safe. Delivery is at least once: handle an {@link SessionEvent#eventId()} seen before
 * as a duplicate.
 */
@FunctionalInterface
public interface EventHandler {

    /**
     * Handles one event.
     *
     * @param event the event, with its delivery count
     * @throws Exception anything, to have a consumer group deliver the event again (a
     *     broadcast subscription logs it and goes on)
     */
    void handle(SessionEvent event) throws Exception;
}
