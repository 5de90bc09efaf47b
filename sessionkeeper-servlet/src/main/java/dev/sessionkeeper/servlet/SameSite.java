package dev.sessionkeeper.servlet;

/** The {@code SameSite} attribute of the session cookie. */
public enum SameSite {
    /** Sent on top-level navigations from other sites, not on their sub-requests: the default. */
    LAX("Lax"),
    /** Never sent with requests that other sites start. */
    STRICT("Strict"),
    /** Sent everywhere; browsers then require {@code Secure}. */
    NONE("None");

    private final String attribute;

    SameSite(String attribute) {
        this.attribute = attribute;
    }

    String attribute() {
        return attribute;
    }
}
