package dev.sessionkeeper.events;

import dev.sessionkeeper.SessionStoreBuilder;
import dev.sessionkeeper.internal.Durations;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Settings of a consumer group subscription. Every instance that subscribes with the same
 * group name shares the work: each event goes to one of them, at least once. Each setter
 * checks its value at once and throws {@link IllegalArgumentException} naming the setting.
 * Not thread-safe.
 */
public final class ConsumerGroupBuilder {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private final String group;
    private final BiFunction<ConsumerGroupSettings, EventHandler, Subscription> starter;
    private boolean fromStart;
    private Duration visibilityTimeout = Duration.ofSeconds(30);
    private int maxDeliveries = 5;
    private Duration blockTime = Duration.ofSeconds(2);
    private int batchSize = 100;

    /**
     * A builder for the named group; {@link SessionEvents#group(String)} makes one. The starter
     * receives the settings as they are when {@link #subscribe} is called, frozen.
     *
     * @param group the group's name: 1-64 characters of {@code A-Z a-z 0-9 _ . : -}
     * @param starter starts the subscription from the frozen settings and the handler
     * @throws IllegalArgumentException when the name is not one a group may have
     */
    public ConsumerGroupBuilder(String group, BiFunction<ConsumerGroupSettings, EventHandler, Subscription> starter) {
        if (group == null || !NAME.matcher(group).matches()) {
            throw new IllegalArgumentException("group name must be 1-64 characters of A-Z a-z 0-9 _ . : -, got: " + group);
        }
        this.group = group;
        this.starter = Objects.requireNonNull(starter, "starter");
    }

    /**
     * A group created by this subscription starts at the oldest retained event instead of at
     * new events only (the default). It has no effect on a group that already exists: the group
     * keeps its position.
     *
     * @return this builder
     */
    public ConsumerGroupBuilder fromStartOfRetention() {
        this.fromStart = true;
        return this;
    }

    /**
     * How long an event may stay unacknowledged before another instance takes it over
     * (default 30 s). Longer than the slowest handler call, or the event is handled twice.
     *
     * @param timeout 1 ms to {@link dev.sessionkeeper.SessionStoreBuilder#MAX_DURATION MAX_DURATION}
     * @return this builder
     * @throws IllegalArgumentException when out of that range
     */
    public ConsumerGroupBuilder visibilityTimeout(Duration timeout) {
        Durations.positiveMillis("visibility timeout", timeout);
        this.visibilityTimeout = timeout;
        return this;
    }

    /**
     * After this many failed deliveries an event moves to the dead-letter stream (default 5),
     * copied there and acknowledged in one atomic step, with the group, the delivery count and
     * the failure.
     *
     * @param deliveries at least 1
     * @return this builder
     * @throws IllegalArgumentException when below 1
     */
    public ConsumerGroupBuilder maxDeliveries(int deliveries) {
        if (deliveries < 1) {
            throw new IllegalArgumentException("maxDeliveries must be at least 1, got " + deliveries);
        }
        this.maxDeliveries = deliveries;
        return this;
    }

    /**
     * How long one blocking read waits for new events before it asks again (default 2 s).
     * Closing the subscription aborts a blocked read, so this does not delay a close.
     *
     * @param block 1 ms to {@link dev.sessionkeeper.SessionStoreBuilder#MAX_DURATION MAX_DURATION}
     * @return this builder
     * @throws IllegalArgumentException when out of that range
     */
    public ConsumerGroupBuilder blockTime(Duration block) {
        Durations.positiveMillis("block time", block);
        this.blockTime = block;
        return this;
    }

    /**
     * The most events read per shard at once (default 100).
     *
     * @param size a positive count
     * @return this builder
     * @throws IllegalArgumentException when not positive
     */
    public ConsumerGroupBuilder batchSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("batchSize must be positive, got " + size);
        }
        this.batchSize = size;
        return this;
    }

    /**
     * Starts delivering events to the handler; creates the group where it does not exist. The
     * subscription holds one connection and one reader thread per shard, plus a reclaimer, so
     * the handler is called from several threads at once. A shard whose master is down is read
     * once it answers; the subscription starts anyway.
     *
     * @param handler called for each event; must be thread-safe
     * @return the running subscription; close it to stop delivery
     */
    public Subscription subscribe(EventHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return starter.apply(new ConsumerGroupSettings(group, fromStart, visibilityTimeout, maxDeliveries, blockTime,
                batchSize), handler);
    }
}
