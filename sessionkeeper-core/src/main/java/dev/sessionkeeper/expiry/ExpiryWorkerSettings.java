package dev.sessionkeeper.expiry;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * The settings of one expiry worker, as {@link ExpiryWorkerBuilder} validated them when it
 * started: later calls on the builder do not change a worker started.
 *
 * @param shards the shards the worker drains, ascending, without duplicates
 * @param batchSize the most sessions one expiry script expires
 * @param maxInFlight how many expiry scripts the worker keeps queued at Redis at once
 * @param drainPause the pause between batches while a backlog drains
 * @param maxSleep the longest the worker sleeps without looking
 * @param trimInterval how often the worker trims event streams by age
 * @param heartbeatInterval how often the worker records its heartbeat
 */
public record ExpiryWorkerSettings(int[] shards, int batchSize, int maxInFlight, Duration drainPause, Duration maxSleep,
                                   Duration trimInterval, Duration heartbeatInterval) {

    /**
     * Settings with a copy of {@code shards}, so that a later change to the array given changes
     * nothing here.
     *
     * @param shards the shards the worker drains, ascending, without duplicates
     * @param batchSize the most sessions one expiry script expires
     * @param maxInFlight how many expiry scripts the worker keeps queued at Redis at once
     * @param drainPause the pause between batches while a backlog drains
     * @param maxSleep the longest the worker sleeps without looking
     * @param trimInterval how often the worker trims event streams by age
     * @param heartbeatInterval how often the worker records its heartbeat
     */
    public ExpiryWorkerSettings {
        shards = shards.clone();
    }

    /**
     * The shards the worker drains.
     *
     * @return a copy, ascending: the settings stay as they were frozen
     */
    @Override
    public int[] shards() {
        return shards.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExpiryWorkerSettings s && Arrays.equals(shards, s.shards) && batchSize == s.batchSize
                && maxInFlight == s.maxInFlight && drainPause.equals(s.drainPause) && maxSleep.equals(s.maxSleep)
                && trimInterval.equals(s.trimInterval) && heartbeatInterval.equals(s.heartbeatInterval);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shards) + Objects.hash(batchSize, maxInFlight, drainPause, maxSleep,
                trimInterval, heartbeatInterval);
    }

    @Override
    public String toString() {
        return "ExpiryWorkerSettings[shards=" + Arrays.toString(shards) + ", batchSize=" + batchSize + ", maxInFlight="
                + maxInFlight + ", drainPause=" + drainPause + ", maxSleep=" + maxSleep + ", trimInterval="
                + trimInterval + ", heartbeatInterval=" + heartbeatInterval + "]";
    }
}
