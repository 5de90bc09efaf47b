package dev.sessionkeeper.events;

/**
 * The durable event log of a store: one Redis stream per shard, read through consumer groups
 * or broadcast.
 *
 * <pre>{@code
 * // Each event to one instance of "audit", acknowledged when the handler returns:
 * Subscription audit = store.events().subscribe("audit", event -> log(event));
 *
 * // Every instance sees every event, e.g. to close the websockets it holds:
 * Subscription local = store.events().broadcast(event -> sockets.close(event.sessionId()));
 * }</pre>
 */
public interface SessionEvents {

    /**
     * Subscribes to a consumer group with the default settings; see {@link #group(String)}.
     *
     * @param group the group name: 1 to 64 characters of {@code A-Z a-z 0-9 _ . : -}
     * @param handler called for each event, from several threads
     * @return the running subscription
     * @throws IllegalArgumentException when the group name is not of that form
     */
    default Subscription subscribe(String group, EventHandler handler) {
        return group(group).subscribe(handler);
    }

    /**
     * Configures a consumer group subscription: start position, visibility timeout, retries.
     *
     * @param group the group name: 1 to 64 characters of {@code A-Z a-z 0-9 _ . : -}
     * @return a builder; nothing runs until its {@code subscribe}
     * @throws IllegalArgumentException when the group name is not of that form
     */
    ConsumerGroupBuilder group(String group);

    /**
     * Delivers every event written from now on to this instance, without acknowledgement or
     * redelivery: for instance-local reactions such as closing a websocket. Events written
     * while the instance is down are not delivered to it.
     *
     * @param handler called for each event, from one thread per shard
     * @return the running subscription; close it to stop delivery
     */
    Subscription broadcast(EventHandler handler);
}
