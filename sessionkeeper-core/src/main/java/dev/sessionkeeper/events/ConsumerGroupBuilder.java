package dev.sessionkeeper.events;

import dev.sessionkeeper.SessionStoreBuilder;
import dev.sessionkeeper.internal.Durations;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Settings of a consumer group subscription. Every instance that subscribes with the same
 * group name shares the work: each event goes to one of them.
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
     */
    public ConsumerGroupBuilder fromStartOfRetention() {
        this.fromStart = true;
        return this;
    }

    /**
     * How long an event may stay unacknowledged before another instance takes it over
     * (default 30 s). Longer than the slowest handler call, or the event is handled twice.
     */
    public ConsumerGroupBuilder visibilityTimeout(Duration timeout) {
        Durations.positiveMillis("visibility timeout", timeout);
        this.visibilityTimeout = timeout;
        return this;
    }

    /** After this many failed deliveries an event moves to the dead-letter stream (default 5). */
    public ConsumerGroupBuilder maxDeliveries(int deliveries) {
        if (deliveries < 1) {
            throw new IllegalArgumentException("maxDeliveries must be at least 1, got " + deliveries);
        }
        this.maxDeliveries = deliveries;
        return this;
    }

    /** How long one read waits for new events before it asks again (default 2 s). */
    public ConsumerGroupBuilder blockTime(Duration block) {
        Durations.positiveMillis("block time", block);
        this.blockTime = block;
        return this;
    }

    /** The most events read per shard at once (default 100). */
    public ConsumerGroupBuilder batchSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("batchSize must be positive, got " + size);
        }
        this.batchSize = size;
        return this;
    }

    /** Starts delivering events to the handler; creates the group where it does not exist. */
    public Subscription subscribe(EventHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return starter.apply(new ConsumerGroupSettings(group, fromStart, visibilityTimeout, maxDeliveries, blockTime,
                batchSize), handler);
    }
}
