package dev.sessionkeeper.expiry;

/** Told of every expiry a worker performs; the hook metrics attach to. */
public interface ExpiryObserver {

    /** A session expired {@code latenessMillis} after its deadline (Redis clock). */
    void expired(long latenessMillis);
}
