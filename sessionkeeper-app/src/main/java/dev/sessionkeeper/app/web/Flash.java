package dev.sessionkeeper.app.web;

import jakarta.servlet.http.HttpSession;

/**
 * A message for the next page a user sees ("Signed in as alice."), kept in the session across the redirect of
 * a Post/Redirect/Get and removed once shown, so that reloading the page does not show it again.
 */
final class Flash {

    private static final String ATTRIBUTE = "flash";
    private static final String ERROR_PREFIX = "error:";

    enum Kind { INFO, ERROR }

    private Flash() {
    }

    static void put(HttpSession session, Kind kind, String message) {
        session.setAttribute(ATTRIBUTE, (kind == Kind.ERROR ? ERROR_PREFIX : "") + message);
    }

    /** The pending message, removed from the session; null when there is none. */
    static String take(HttpSession session) {
        if (session == null || !(session.getAttribute(ATTRIBUTE) instanceof String message)) {
            return null;
        }
        session.removeAttribute(ATTRIBUTE);
        return message;
    }

    /** The markup of a notice from a query parameter and of a taken flash message, either may be null. */
    static String render(String notice, String flash) {
        StringBuilder out = new StringBuilder();
        if (notice != null) {
            out.append("<p class=\"flash info\" role=\"status\">").append(Html.escape(notice)).append("</p>\n");
        }
        if (flash != null) {
            boolean error = flash.startsWith(ERROR_PREFIX);
            String text = error ? flash.substring(ERROR_PREFIX.length()) : flash;
            out.append("<p class=\"flash ").append(error ? "error\" role=\"alert\"" : "info\" role=\"status\"")
                    .append('>').append(Html.escape(text)).append("</p>\n");
        }
        return out.toString();
    }
}
