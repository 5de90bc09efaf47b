package dev.sessionkeeper.bench;

import java.time.Duration;
import java.util.Set;

/**
 * A session store under benchmark, seen only through what the workloads need. The workloads
 * ({@link WebWorkload}, {@link ExpiryLatenessWorkload}, {@link DrainWorkload},
 * {@link IdleCostWorkload}) are written against this interface, so each system
 * ({@link SessionkeeperSystem}, {@link SpringSessionSystem}, {@link KeyspaceTtlSystem}) is
 * measured by the same code.
 *
 * <p>Every system takes part in the expiry benchmark, which this interface covers. The web
 * workload needs a {@link Web} system, the drain a {@link Backlog} one: a system implements what
 * it takes part in, and says so in {@link Factory#workloads()}.
 *
 * <p>Implementations are thread-safe: the workloads call them from many threads at once.
 */
public interface BenchSystem extends AutoCloseable {

    /** Opens instances of one system. */
    interface Factory {

        /** Short name for tables and JSON, e.g. {@code sessionkeeper}. */
        String name();

        /** The {@link Workload#name() workloads} this system takes part in. */
        Set<String> workloads();

        /**
         * How long after the last deadline the expiry benchmark waits for the last event before
         * it counts the rest as missing: the system's own bound on lateness, with a margin.
         */
        default Duration expiryWaitBound() {
            return Duration.ofSeconds(30);
        }

        /**
         * Connects to Redis with all keys under a namespace (key prefix) of its own, which the
         * caller picks fresh for every run.
         */
        BenchSystem open(String redisUrl, String namespace, Options options);

        /**
         * Opens an instance for a workload that needs more than every system does.
         *
         * @throws IllegalStateException when the system lists the workload but lacks the part
         */
        default <S extends BenchSystem> S open(String redisUrl, String namespace, Options options, Class<S> kind) {
            BenchSystem system = open(redisUrl, namespace, options);
            if (!kind.isInstance(system)) {
                system.close();
                throw new IllegalStateException(name() + " lists a workload that needs a " + kind.getSimpleName()
                        + " system, which it is not");
            }
            return kind.cast(system);
        }
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

    /**
     * Creates a signed-in session of the web workload ({@link WorkloadSession}: principal, theme,
     * a 3-item cart, lastPage, a csrf token) with the given idle timeout; returns its id. The
     * principal is given the way the system gives it (sessionkeeper: sign-in, which places the
     * session in the principal's shard; Spring Session: the principal-name index attribute).
     */
    String createSignedIn(String principal, Duration idleTimeout);

    /**
     * Commands this instance's client sent to Redis so far, counted in the client (a Lettuce
     * {@code CommandListener}), or -1 when the system's client cannot be observed.
     */
    default long clientCommands() {
        return -1;
    }

    /** Principal index entries that name a session that is no longer live; -1 when there is no index. */
    default long deadIndexEntries(RedisProbe redis) {
        return -1;
    }

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

    /** Deletes every key of this instance's namespace that is left (event logs, indexes). */
    void dropKeys(RedisProbe redis);

    /** Stops what this instance started and closes its connections. */
    @Override
    void close();

    /** A system that takes part in the web workload: requests and a principal index. */
    interface Web extends BenchSystem {

        /**
         * One request of the web workload: load the session (sliding its deadline, as each system's
         * servlet integration does), read 2 attributes, change {@code lastPage} when {@code change},
         * save.
         *
         * @return false when the session was gone
         */
        boolean webRequest(String id, boolean change);

        /** The ids of a principal's live sessions, the system's own way; how many there are. */
        int sessionsOf(String principal);
    }

    /** A system that takes part in the drain: bulk creation, a request load and a due backlog. */
    interface Backlog extends BenchSystem {

        /** Creates a session with one attribute and the given idle timeout; returns its id. */
        String create(Duration idleTimeout, String attribute, String value);

        /**
         * One ordinary web request: load the session (which slides its deadline), change one
         * attribute, save.
         *
         * @return false when the session was gone
         */
        boolean request(String id, String attribute, String value);

        /** Entries whose deadline has passed by Redis's clock (the backlog an expirer faces). */
        long dueEntries(RedisProbe redis);
    }

    /**
     * A system whose sessions' idle timeout can change after creation, as a request that
     * shortens it does: the expiry benchmark then measures how late the moved deadlines are.
     */
    interface Shortening extends BenchSystem {

        /**
         * Loads the session, sets its idle timeout (its deadline moves to now plus that) and saves.
         *
         * @return false when the session was gone
         */
        boolean shortenIdle(String id, Duration idleTimeout);
    }

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
