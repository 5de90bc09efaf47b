package dev.sessionkeeper;

/**
 * A sign-in was refused because the principal already has the maximum number of live sessions
 * and the store's policy is {@link LimitPolicy#REFUSE_LOGIN}. Nothing was written: the session
 * given to {@code login} is still live under its id, with its pending changes, and can be saved
 * as usual. Tell the user to sign out on another device (or offer
 * {@link SessionStore#logoutEverywhere}).
 */
public final class SessionLimitExceededException extends SessionKeeperException {

    private static final long serialVersionUID = 1L;

    /** The limit in force, part of the serialized form. */
    private final int limit;

    /**
     * Thrown by the store when a sign-in is refused at the principal's limit.
     *
     * @param limit the maximum number of live sessions per principal in force
     */
    public SessionLimitExceededException(int limit) {
        super("the principal already has " + limit + " live sessions, the maximum; sign out on another device first");
        this.limit = limit;
    }

    /**
     * The store's {@code maxSessionsPerPrincipal} at the time of the refusal.
     *
     * @return the maximum number of live sessions per principal
     */
    public int limit() {
        return limit;
    }
}
