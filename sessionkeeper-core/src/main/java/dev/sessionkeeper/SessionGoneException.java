package dev.sessionkeeper;

/** The session expired, was destroyed, or never existed. Start a fresh session. */
public final class SessionGoneException extends SessionKeeperException {

    private static final long serialVersionUID = 1L;

    /**
     * Thrown by the store when the session a call needs does not exist or ended.
     *
     * @param message what happened, with the session id redacted
     */
    public SessionGoneException(String message) {
        super(message);
    }
}
