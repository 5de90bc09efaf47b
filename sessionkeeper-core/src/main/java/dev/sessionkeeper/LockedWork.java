package dev.sessionkeeper;

/**
 * Work done on a session while holding its lock; see {@link SessionStore#withLock}.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface LockedWork<T> {

    /**
     * Runs the work. Changes made to the session are saved, fenced by the lock, only when this
     * returns normally; when it throws nothing is saved and the lock is released.
     *
     * @param session the session, loaded after the lock was taken; valid only during this call
     * @return the result {@link SessionStore#withLock} hands back
     * @throws Exception anything; a checked exception reaches the caller wrapped in a
     *     {@link SessionKeeperException}, a runtime exception as it is
     */
    T run(Session session) throws Exception;
}
