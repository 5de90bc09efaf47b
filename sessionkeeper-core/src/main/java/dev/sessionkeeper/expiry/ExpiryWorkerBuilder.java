package dev.sessionkeeper.expiry;

import dev.sessionkeeper.SessionStoreBuilder;
import dev.sessionkeeper.inspect.SessionInspector;
import dev.sessionkeeper.internal.Durations;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * Settings of an expiry worker; {@link #start()} starts it on its own thread. Each setter checks
 * its value at once and throws {@link IllegalArgumentException} naming the setting. Not
 * thread-safe.
 */
public final class ExpiryWorkerBuilder {

    private final int storeShards;
    private final Function<ExpiryWorkerSettings, ExpiryWorker> starter;
    private int[] shards;
    private int batchSize = 100;
    private int maxInFlight = 1;
    private Duration drainPause = Duration.ofNanos(300_000);
    private Duration maxSleep = Duration.ofSeconds(1);
    private Duration trimInterval = Duration.ofMinutes(1);
    private Duration heartbeatInterval = Duration.ofSeconds(5);

    /**
     * A builder for a worker over a store of {@code storeShards} shards;
     * {@link dev.sessionkeeper.SessionStore#expiryWorker()} makes one. The starter receives the
     * settings as they are when {@link #start} is called, frozen.
     *
     * @param storeShards the store's shard count: the shards a worker may drain are 0 to this, exclusive
     * @param starter starts the worker from the frozen settings
     */
    public ExpiryWorkerBuilder(int storeShards, Function<ExpiryWorkerSettings, ExpiryWorker> starter) {
        this.storeShards = storeShards;
        this.starter = Objects.requireNonNull(starter, "starter");
        this.shards = new int[storeShards];
        Arrays.setAll(this.shards, i -> i);
    }

    /**
     * The shards this worker drains (default: all). Workers may split the shards among them,
     * or all take all: correctness does not depend on it, only the work each does.
     *
     * @param shards shard numbers, 0 to the store's shard count - 1; duplicates are ignored
     * @return this builder
     * @throws IllegalArgumentException when none is given or one is out of range
     */
    public ExpiryWorkerBuilder shards(int... shards) {
        if (shards.length == 0) {
            throw new IllegalArgumentException("give at least one shard");
        }
        for (int s : shards) {
            if (s < 0 || s >= storeShards) {
                throw new IllegalArgumentException("shard " + s + " is outside 0.." + (storeShards - 1));
            }
        }
        this.shards = Arrays.stream(shards).distinct().sorted().toArray();
        return this;
    }

    /**
     * The most sessions one script expires (default 100, about a millisecond of Redis time). Larger batches drain a backlog with
     * fewer calls but hold Redis longer per call, which other clients feel as latency.
     *
     * @param size 1 to 5000
     * @return this builder
     * @throws IllegalArgumentException when out of that range
     */
    public ExpiryWorkerBuilder batchSize(int size) {
        if (size < 1 || size > 5000) {
            throw new IllegalArgumentException("batchSize must be 1..5000, got " + size);
        }
        this.batchSize = size;
        return this;
    }

    /**
     * How many expiry scripts the worker keeps queued at Redis at once while draining a backlog
     * (default 1). Each script holds Redis for its batch, so every other client's call can wait
     * behind all the queued ones: more in flight drains faster, and slows everyone else more.
     * On a cluster, up to the number of masters lets them drain in parallel.
     *
     * @param scripts 1 to 64
     * @return this builder
     * @throws IllegalArgumentException when out of that range
     */
    public ExpiryWorkerBuilder maxInFlight(int scripts) {
        if (scripts < 1 || scripts > 64) {
            throw new IllegalArgumentException("maxInFlight must be 1..64, got " + scripts);
        }
        this.maxInFlight = scripts;
        return this;
    }

    /**
     * How long the worker pauses between batches while it drains a backlog (default 0.3 ms,
     * about a third of a batch's time in Redis). Without a pause Redis runs the worker's scripts
     * back to back and every other client's command queues behind them; the pause leaves Redis
     * idle gaps for them at some cost in drain rate. {@link Duration#ZERO} drains flat out.
     *
     * @param pause 0 to 100 ms
     * @return this builder
     * @throws IllegalArgumentException when out of that range
     */
    public ExpiryWorkerBuilder drainPause(Duration pause) {
        Objects.requireNonNull(pause, "pause");
        if (pause.isNegative() || pause.compareTo(Duration.ofMillis(100)) > 0) {
            throw new IllegalArgumentException("drain pause must be 0..100 ms, got " + pause);
        }
        this.drainPause = pause;
        return this;
    }

    /**
     * The longest the worker sleeps without looking (default 1 s). It normally sleeps until the
     * earliest deadline it knows; this bound covers deadlines set after it looked that fall
     * before its wake-up (only possible with idle timeouts shorter than this bound). Writes
     * made through this worker's own store wake it at once; a write from another process is
     * seen at the next look, so this bounds how late its event can be. An idle worker costs one
     * small call per shard per sleep.
     *
     * @param sleep 1 ms to {@link dev.sessionkeeper.SessionStoreBuilder#MAX_DURATION MAX_DURATION}
     * @return this builder
     * @throws IllegalArgumentException when out of that range
     */
    public ExpiryWorkerBuilder maxSleep(Duration sleep) {
        Durations.positiveMillis("max sleep", sleep);
        this.maxSleep = sleep;
        return this;
    }

    /**
     * How often the worker trims event streams by age (default 1 min): one call per shard per
     * interval, never past an event a consumer group has not yet been delivered.
     *
     * @param interval 1 ms to {@link dev.sessionkeeper.SessionStoreBuilder#MAX_DURATION MAX_DURATION}
     * @return this builder
     * @throws IllegalArgumentException when out of that range
     */
    public ExpiryWorkerBuilder trimInterval(Duration interval) {
        Durations.positiveMillis("trim interval", interval);
        this.trimInterval = interval;
        return this;
    }

    /**
     * How often the worker records its heartbeat (default 5 s), which
     * {@link SessionInspector#workers()} reads; a worker silent for three intervals counts as gone.
     * One call per interval.
     *
     * @param interval 1 ms to {@link dev.sessionkeeper.SessionStoreBuilder#MAX_DURATION MAX_DURATION}
     * @return this builder
     * @throws IllegalArgumentException when out of that range
     */
    public ExpiryWorkerBuilder heartbeatInterval(Duration interval) {
        Durations.positiveMillis("heartbeat interval", interval);
        this.heartbeatInterval = interval;
        return this;
    }

    /**
     * Starts the worker on a daemon thread of its own, on the store's connection. The store's
     * {@link dev.sessionkeeper.SessionStore#close() close()} stops it too.
     *
     * @return the running worker; close it to stop it
     * @throws IllegalStateException when the namespace holds a storage format this version
     *     does not read
     * @throws dev.sessionkeeper.RedisUnavailableException when Redis cannot be reached to load
     *     the scripts
     */
    public ExpiryWorker start() {
        return starter.apply(new ExpiryWorkerSettings(shards, batchSize, maxInFlight, drainPause, maxSleep,
                trimInterval, heartbeatInterval));
    }
}
