package dev.sessionkeeper;

/**
 * The lock's lease ran out before the work saved (a long GC pause, a network partition, work
 * slower than the lease), so its save was refused: nothing it tried to write is visible.
 * Whoever holds the lock now may have changed the session; reload and redo the work.
 */
public final class LockLostException extends SessionKeeperException {

    private static final long serialVersionUID = 1L;

    /**
     * Thrown by the store when a save under a lock found the lock gone.
     *
     * @param message what happened, with the session id redacted
     */
    public LockLostException(String message) {
        super(message);
    }
}
