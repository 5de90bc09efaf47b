package dev.sessionkeeper;

/**
 * A session's lock stayed held by someone else for longer than the caller was willing to
 * wait. Nothing was run. Retry later, or raise the wait.
 */
public final class LockTimeoutException extends SessionKeeperException {

    private static final long serialVersionUID = 1L;

    public LockTimeoutException(String message) {
        super(message);
    }
}
