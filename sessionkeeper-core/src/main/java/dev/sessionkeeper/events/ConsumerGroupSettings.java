package dev.sessionkeeper.events;

import java.time.Duration;

/**
 * The settings of one consumer group subscription, as {@link ConsumerGroupBuilder} validated
 * them when it subscribed: later calls on the builder do not change a subscription started.
 *
 * @param group the group's name
 * @param fromStart a group created by the subscription starts at the oldest retained event
 * @param visibilityTimeout how long an event may stay unacknowledged before it is taken over
 * @param maxDeliveries failed deliveries after which an event moves to the dead-letter stream
 * @param blockTime how long one read waits for new events
 * @param batchSize the most events read per shard at once
 */
public record ConsumerGroupSettings(String group, boolean fromStart, Duration visibilityTimeout, int maxDeliveries,
                                    Duration blockTime, int batchSize) {
}
