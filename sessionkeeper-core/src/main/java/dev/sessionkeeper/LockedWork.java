package dev.sessionkeeper;

/** Work done on a session while holding its lock; see {@link SessionStore#withLock}. */
@FunctionalInterface
public interface LockedWork<T> {

    T run(Session session) throws Exception;
}
