package dev.sessionkeeper;

/**
 * Base of every exception sessionkeeper throws on purpose. Each subclass names what went
 * wrong and what to do about it.
 */
public class SessionKeeperException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SessionKeeperException(String message) {
        super(message);
    }

    public SessionKeeperException(String message, Throwable cause) {
        super(message, cause);
    }
}
