package dev.sessionkeeper;

/** The session expired, was destroyed, or never existed. Start a fresh session. */
public final class SessionGoneException extends SessionKeeperException {

    private static final long serialVersionUID = 1L;

    public SessionGoneException(String message) {
        super(message);
    }
}
