package dev.sessionkeeper.app;

/** Shortens secrets for display: session ids are bearer credentials, URLs may carry a password. */
final class Redaction {

    private static final int ID_PREFIX = 7;

    private Redaction() {
    }

    /** The first 7 characters of a session id and "...": enough to tell sessions apart, useless to an attacker. */
    static String id(String id) {
        if (id == null || id.length() <= ID_PREFIX) {
            return "***";
        }
        return id.substring(0, ID_PREFIX) + "...";
    }

    /** The URL with the password of any {@code user:password@} masked. */
    static String url(String url) {
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
