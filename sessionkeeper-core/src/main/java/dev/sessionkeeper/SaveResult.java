package dev.sessionkeeper;

/** What {@link SessionStore#save(Session)} did. */
public enum SaveResult {
    /** The changes (or the new session) were written in one atomic step. */
    SAVED,
    /** Nothing had changed, so nothing was sent to Redis. */
    UNCHANGED,
    /**
     * The session expired or was destroyed before the save arrived. Nothing was written and
     * the session is not recreated; a request in this state should start a fresh session.
     */
    GONE,
    /**
     * {@link SessionStore#saveIfVersion}: someone else saved the session since it was loaded.
     * Nothing was written; reload it and apply the change again.
     */
    CONFLICT,
    /**
     * The session was loaded under a lock ({@link SessionStore#withLock}) whose lease has run
     * out: another request may hold the lock now. Nothing was written.
     */
    LOCK_LOST
}
