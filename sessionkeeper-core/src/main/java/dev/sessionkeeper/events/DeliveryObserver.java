package dev.sessionkeeper.events;

/**
 * Told how the event deliveries of a store's subscriptions end: the hook metrics attach to.
 * Every method has an empty default. Methods are called on the subscriptions' reader threads,
 * in line with delivery: they must be quick and must not throw.
 */
public interface DeliveryObserver {

    /** A handler returned normally (for a group: the event was acknowledged). */
    default void delivered() {
    }

    /** A group took over an event that stayed unacknowledged past the visibility timeout. */
    default void redelivered() {
    }

    /** A group's handler threw: the event stays pending and comes back. */
    default void failed() {
    }

    /** A group moved an event to the dead-letter stream. */
    default void deadLettered() {
    }
}
