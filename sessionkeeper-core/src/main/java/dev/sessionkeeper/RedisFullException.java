package dev.sessionkeeper;

/**
 * Redis refused a write because it is full: its memory use reached {@code maxmemory} and its
 * eviction policy is {@code noeviction} (the policy sessions need, so that Redis never drops a
 * live session to make room). Nothing of the refused operation was written.
 *
 * <p>Reading sessions goes on working meanwhile, without sliding their deadlines (counted in
 * {@link StoreStats#unslidReads()}); creating, saving and ending sessions fail with this
 * exception until memory is freed or {@code maxmemory} raised.
 */
public final class RedisFullException extends RedisUnavailableException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was refused and what to do, shown to operators as it is
     * @param cause Redis's {@code OOM} error reply
     */
    public RedisFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
