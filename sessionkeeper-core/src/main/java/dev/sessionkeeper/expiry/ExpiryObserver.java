package dev.sessionkeeper.expiry;

/**
 * Told what the expiry workers of a store do: the hook metrics attach to. Every method has an
 * empty default, so an observer implements what it needs. Methods are called on the workers'
 * threads, in line with their work: they must be quick and must not throw.
 */
public interface ExpiryObserver {

    /**
     * A worker of the store started; its figures are then in {@link ExpiryWorker#stats()}.
     *
     * @param worker the worker, running
     */
    default void workerStarted(ExpiryWorker worker) {
    }

    /**
     * A worker expired a session and wrote its event.
     *
     * @param latenessMillis from the session's deadline to its event, by Redis's clock
     */
    default void expired(long latenessMillis) {
    }
}
