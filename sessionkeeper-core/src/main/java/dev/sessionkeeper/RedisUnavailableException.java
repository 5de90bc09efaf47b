package dev.sessionkeeper;

/**
 * Redis could not be reached, or did not answer within the configured command timeout.
 *
 * <p>This is the one exception a request path sees when Redis is down or slow: calls fail
 * after at most the command timeout and never hang. The store reconnects by itself; the
 * caller decides whether to retry, degrade or fail the request. {@link RedisFullException}
 * is the case of a Redis that is up but out of memory.
 */
public class RedisUnavailableException extends SessionKeeperException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which call failed against which Redis, shown to operators as it is
     * @param cause the client's failure (timeout, refused connection, cluster redirection), or
     *     {@code null} when there is none
     */
    public RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
