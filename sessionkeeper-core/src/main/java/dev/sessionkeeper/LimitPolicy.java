package dev.sessionkeeper;

/** What a sign-in does when the principal already has the maximum number of live sessions. */
public enum LimitPolicy {
    /**
     * Destroy the least recently used session (reason {@code evicted-by-limit}) to make room. A
     * principal far over the limit (because it was lowered) loses at most 20 sessions per sign-in.
     */
    EVICT_LEAST_RECENTLY_USED,
    /**
     * Refuse the sign-in with a {@link SessionLimitExceededException}. A refused sign-in writes
     * nothing: the session it was given stays as it was, under its id, with the request's pending
     * changes. (Such a sign-in reserves the new id under the limit before it ends the old one, so
     * it takes one call more than the other policy.)
     */
    REFUSE_LOGIN
}
