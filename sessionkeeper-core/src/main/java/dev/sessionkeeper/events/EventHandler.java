package dev.sessionkeeper.events;

/**
 * Handles session events. For a consumer group, returning normally acknowledges the event;
 * throwing leaves it pending, so it is delivered again after the visibility timeout, and after
 * the group's maximum number of deliveries it moves to the dead-letter stream.
 */
@FunctionalInterface
public interface EventHandler {

    void handle(SessionEvent event) throws Exception;
}
