package dev.sessionkeeper.expiry;

import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.inspect.SessionInspector;

/**
 * A running expiry worker: it expires due sessions and writes their {@code expired} events.
 * Start one with {@link SessionStore#expiryWorker()}. Any number may run against one Redis, in
 * one process or many: each batch is one atomic script, so they never expire a session twice.
 * A worker runs on one daemon thread of its own; its methods may be called from any thread.
 */
public interface ExpiryWorker extends AutoCloseable {

    /**
     * This worker's id in the heartbeats it writes ({@link SessionInspector#workers()}):
     * {@code <host>-<pid>-<random>}, unique per start.
     *
     * @return the worker id, fixed for the life of this worker
     */
    String id();

    /**
     * What this worker has done so far. No Redis call.
     *
     * @return a snapshot of the worker's counters and lateness figures
     */
    WorkerStats stats();

    /**
     * Stops after the batch in flight; returns once it has (waiting at most a few command
     * timeouts). A batch is one script, so stopping never leaves a session half expired.
     */
    @Override
    void close();
}
