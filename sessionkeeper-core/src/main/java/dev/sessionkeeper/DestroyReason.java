package dev.sessionkeeper;

/** Why a session was ended before its deadline; recorded with the session's terminal event. */
public enum DestroyReason {
    /** The user signed out of this session. */
    LOGOUT("logout"),
    /** The user signed out of all their sessions at once. */
    LOGOUT_EVERYWHERE("logout-everywhere"),
    /** A newer sign-in pushed the user over their limit of live sessions. */
    EVICTED_BY_LIMIT("evicted-by-limit"),
    /** An operator or an administrative call ended it. */
    ADMIN("admin");

    private final String wireName;

    DestroyReason(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The name stored in Redis and shown in events, e.g. {@code logout-everywhere}: part of
     * the wire format (docs/wire-format.md), the same in every version and language.
     *
     * @return the wire name, lower case with hyphens
     */
    public String wireName() {
        return wireName;
    }
}
