package dev.sessionkeeper.app.support;

import dev.sessionkeeper.Session;

/** Shortens secrets for display: session ids are bearer credentials, URLs may carry a password. */
public final class Redaction {

    private static final int MALFORMED_PREFIX = 7;

    private Redaction() {
    }

    /**
     * A session id as core redacts it in its own logs (shard and a short prefix, then "..."): enough to tell
     * sessions apart, useless to an attacker. A malformed id, which only a person's typing gives, is echoed
     * by as much of the same prefix so that a usage error shows what was typed.
     */
    public static String id(String id) {
        if (Session.isWellFormedId(id)) {
            return Session.redactId(id);
        }
        if (id == null || id.length() <= MALFORMED_PREFIX) {
            return "***";
        }
        return id.substring(0, MALFORMED_PREFIX) + "...";
    }

    /** The URL with the password of any {@code user:password@} masked. */
    public static String url(String url) {
        int schemeEnd = url.indexOf("://");
        int at = url.lastIndexOf('@');
        if (schemeEnd < 0 || at < schemeEnd) {
            return url;
        }
        String userInfo = url.substring(schemeEnd + 3, at);
        int colon = userInfo.indexOf(':');
        String masked = colon >= 0 ? userInfo.substring(0, colon) + ":***" : "***";
        return url.substring(0, schemeEnd + 3) + masked + url.substring(at);
    }
}
