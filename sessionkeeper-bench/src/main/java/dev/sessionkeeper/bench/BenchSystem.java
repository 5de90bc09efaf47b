package dev.sessionkeeper.bench;

import java.time.Duration;

/**
 * A session store under benchmark, seen only through what the workloads need. The workloads
 * ({@link ExpiryLatenessWorkload}, {@link DrainWorkload}, {@link IdleCostWorkload}) are written
 * against this interface, so another system (Spring Session, for the side-by-side comparison)
 * is added by implementing it and its {@link Factory}, with no change to the workloads.
 *
 * <p>Implementations are thread-safe: the workloads call them from many threads at once.
 */
public interface BenchSystem extends AutoCloseable {

    /** Opens instances of one system. */
    interface Factory {

        /** Short name for tables and JSON, e.g. {@code sessionkeeper}. */
        String name();

        /**
         * Connects to Redis with all keys under a namespace (key prefix) of its own, which the
         * caller picks fresh for every run.
         */
        BenchSystem open(String redisUrl, String namespace, Options options);
    }

    /**
     * Settings a workload asks for; a system applies those it has and ignores the rest.
     *
     * @param createdEvents whether creating a session writes an event (off for bulk loads)
     * @param eventsMaxLength how many events the log keeps (per shard where it is sharded)
     * @param expiryGrace how long expired session data stays for the expiry process to report on
     */
    record Options(boolean createdEvents, long eventsMaxLength, Duration expiryGrace) {

        static Options defaults() {
            return new Options(true, 100_000, Duration.ofMinutes(5));
        }
    }

    /** Creates a session with one attribute and the given idle timeout; returns its id. */
    String create(Duration idleTimeout, String attribute, String value);

    /**
     * One ordinary web request: load the session (which slides its deadline), change one
     * attribute, save.
     *
     * @return false when the session was gone
     */
    boolean request(String id, String attribute, String value);

    /** Starts the process that expires due sessions and reports their expiry. */
    Expirer startExpirer(int batchSize);

    /**
     * Subscribes to expiry events, durably where the system can (a consumer group), and calls
     * the handler for each one.
     */
    AutoCloseable subscribeExpired(String group, ExpiredHandler handler);

    /** Entries left in the system's index of deadlines (all shards). */
    long indexEntries(RedisProbe redis);

    /** Session data keys left in Redis. */
    long sessionKeys(RedisProbe redis);

    /** Entries whose deadline has passed by Redis's clock (the backlog an expirer faces). */
    long dueEntries(RedisProbe redis);

    /** Deletes every key of this instance's namespace that is left (event logs, indexes). */
    void dropKeys(RedisProbe redis);

    /** Stops what this instance started and closes its connections. */
    @Override
    void close();

    /** The running expiry process. */
    interface Expirer extends AutoCloseable {

        /** Sessions it expired so far. */
        long expired();

        /** Round trips (script calls) it made so far, or -1 when unknown. */
        long batches();

        @Override
        void close();
    }

    /** Receives one expiry event. */
    @FunctionalInterface
    interface ExpiredHandler {

        /**
         * @param sessionId the expired session
         * @param deadlineMillis its deadline (epoch ms), or -1 when the event does not carry it
         * @param writtenAtMillis when the event was written (epoch ms), or -1 when unknown
         * @param receivedAtMicros when the handler was called (epoch µs, this host's clock)
         */
        void expired(String sessionId, long deadlineMillis, long writtenAtMillis, long receivedAtMicros);
    }
}
