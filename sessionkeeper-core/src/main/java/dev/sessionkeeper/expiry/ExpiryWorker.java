package dev.sessionkeeper.expiry;

import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.inspect.SessionInspector;

/**
 * A running expiry worker: it expires due sessions and writes their {@code expired} events.
 * Start one with {@link SessionStore#expiryWorker()}. Any number may run against one Redis, in
 * one process or many: each batch is one atomic script, so they never expire a session twice.
 */
public interface ExpiryWorker extends AutoCloseable {

    /**
     * This worker's id in the heartbeats it writes ({@link SessionInspector#workers()}):
     * {@code <host>-<pid>-<random>}, unique per start.
     */
    String id();

    /** What this worker has done so far. */
    WorkerStats stats();

    /** Stops after the batch in flight; returns once it has. */
    @Override
    void close();
}
