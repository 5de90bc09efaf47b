package dev.sessionkeeper;

import dev.sessionkeeper.events.DeliveryObserver;
import dev.sessionkeeper.expiry.ExpiryObserver;

/**
 * Told what a store does, as it does it: each Redis call with its duration, what the store turned
 * away, what its expiry workers expired and how its subscriptions' deliveries ended. Given to
 * {@link SessionStoreBuilder#observer}; this is how metrics attach to a store (see
 * {@code dev.sessionkeeper.micrometer.SessionKeeperMetrics}), without reaching into it.
 *
 * <p>Every method has an empty default, so an observer implements what it needs. Methods are
 * called in line with the work, on the thread that does it (a request's, a worker's, a reader's,
 * or the connection's I/O thread for script replies): they must be quick, thread-safe, and must
 * not throw.
 */
public interface StoreObserver extends ExpiryObserver, DeliveryObserver {

    /**
     * One script call of this process ended.
     *
     * @param script the script's name, e.g. {@code find}
     * @param nanos from sending the call to its reply, NOSCRIPT retry included
     * @param failed true when the call failed
     */
    default void scriptCalled(String script, long nanos, boolean failed) {
    }

    /** An id without the session id format was refused before any Redis call. */
    default void malformedId() {
    }

    /** A session was found corrupt in Redis and moved to quarantine. */
    default void corruptSession() {
    }

    /**
     * A session was read while Redis was out of memory (maxmemory with noeviction): served, but
     * its idle deadline did not move.
     */
    default void unslidRead() {
    }
}
