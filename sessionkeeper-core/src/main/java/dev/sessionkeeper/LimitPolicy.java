package dev.sessionkeeper;

/** What a sign-in does when the principal already has the maximum number of live sessions. */
public enum LimitPolicy {
    /** Destroy the least recently used session (reason {@code evicted-by-limit}) to make room. */
    EVICT_LEAST_RECENTLY_USED,
    /** Refuse the sign-in with a {@link SessionLimitExceededException}. */
    REFUSE_LOGIN
}
