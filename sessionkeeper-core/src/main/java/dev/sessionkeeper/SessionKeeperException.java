package dev.sessionkeeper;

/**
 * Base of every exception sessionkeeper throws on purpose. Each subclass names what went
 * wrong and what to do about it.
 */
public class SessionKeeperException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong and what to do about it
     */
    public SessionKeeperException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong and what to do about it
     * @param cause the underlying failure
     */
    public SessionKeeperException(String message, Throwable cause) {
        super(message, cause);
    }
}
