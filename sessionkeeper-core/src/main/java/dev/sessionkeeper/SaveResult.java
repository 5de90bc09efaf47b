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
    GONE
}
