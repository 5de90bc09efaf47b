package dev.sessionkeeper;

/**
 * A session's lock stayed held by someone else for longer than the caller was willing to
 * wait. Nothing was run. Retry later, or raise the wait.
 */
public final class LockTimeoutException extends SessionKeeperException {

    private static final long serialVersionUID = 1L;

    /**
     * Thrown by the store when a lock stayed taken past the wait.
     *
     * @param message what happened, with the session id redacted
     */
    public LockTimeoutException(String message) {
        super(message);
    }
}
