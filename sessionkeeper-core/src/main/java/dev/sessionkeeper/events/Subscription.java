package dev.sessionkeeper.events;

/** A running subscription to session events. Closing it stops delivery after the events in hand. */
public interface Subscription extends AutoCloseable {

    /**
     * The consumer group this subscription reads for.
     *
     * @return the group name, or {@code null} for a broadcast subscription
     */
    String group();

    /**
     * This instance's consumer name within the group, as Redis's {@code XINFO CONSUMERS} shows it.
     *
     * @return the name, unique per subscription
     */
    String consumer();

    /** Stops reading, lets the handler calls in progress finish, and releases the connections. */
    @Override
    void close();
}
