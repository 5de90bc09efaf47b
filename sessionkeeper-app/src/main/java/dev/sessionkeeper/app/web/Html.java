package dev.sessionkeeper.app.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The web demo's pages: escaping, and the frame every page shares (head, header with the navigation, footer).
 * Pages are built as plain strings; everything that came from a user or a browser (a name, a user agent) goes
 * through {@link #escape} on its way in, so no template engine is needed to keep markup out of the page.
 */
final class Html {

    /** Shown where JavaScript has not yet turned a time into the browser's local time. */
    private static final DateTimeFormatter UTC_TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * Scripts and styles come only from this server, nothing inline: even a name that slipped past escaping
     * could not run. Chart.js styles its canvases through the DOM, which style-src does not govern.
     */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /** A small padlock, inline, so that no request for /favicon.ico ends in a 404 in the browser's console. */
    private static final String FAVICON = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' "
            + "viewBox='0 0 16 16'%3E%3Crect x='2' y='7' width='12' height='8' rx='2' fill='%234f46e5'/%3E"
            + "%3Cpath d='M5 7V5a3 3 0 0 1 6 0v2' stroke='%234f46e5' stroke-width='2' fill='none'/%3E%3C/svg%3E";

    enum Nav {
        SIGN_IN("/", "Sign in"),
        DEVICES("/devices", "Devices"),
        DASHBOARD("/dashboard", "Dashboard");

        final String path;
        final String label;

        Nav(String path, String label) {
            this.path = path;
            this.label = label;
        }
    }

    private Html() {
    }

    /** Text made safe for HTML element content and for quoted attribute values. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * A {@code <time>} element for an instant: UTC in the markup, the browser's local time once the page's
     * script has run (it reads {@code data-epoch}).
     */
    static String time(Instant instant) {
        if (instant == null) {
            return "-";
        }
        return "<time class=\"clock\" datetime=\"" + instant + "\" data-epoch=\"" + instant.toEpochMilli() + "\">"
                + UTC_TIME.format(instant) + "</time>";
    }

    /** Hidden form field with the session's CSRF token. */
    static String csrfField(String token) {
        return "<input type=\"hidden\" name=\"" + Csrf.FIELD + "\" value=\"" + escape(token) + "\">";
    }

    /**
     * Writes a whole page.
     *
     * @param body markup, already escaped where it holds user input
     * @param scripts paths of scripts to load at the end of the body
     */
    static void write(HttpServletResponse response, String title, Nav active, String body, String... scripts)
            throws IOException {
        StringBuilder page = new StringBuilder(4096);
        page.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title)).append(" · sessionkeeper demo</title>\n")
                .append("<link rel=\"icon\" href=\"").append(FAVICON).append("\">\n")
                .append("<link rel=\"stylesheet\" href=\"/static/app.css\">\n</head>\n<body>\n")
                .append("<header class=\"top\"><div class=\"bar\">")
                .append("<a class=\"brand\" href=\"/\"><span class=\"logo\" aria-hidden=\"true\"></span>sessionkeeper</a>")
                .append("<nav>");
        for (Nav nav : Nav.values()) {
            page.append("<a href=\"").append(nav.path).append('"')
                    .append(nav == active ? " class=\"active\" aria-current=\"page\"" : "")
                    .append('>').append(nav.label).append("</a>");
        }
        page.append("</nav></div></header>\n<main>\n").append(body).append("\n</main>\n")
                .append("<footer>Sessions kept in Redis by sessionkeeper · expiry events from the durable event log")
                .append("</footer>\n");
        page.append("<script src=\"/static/common.js\"></script>\n");
        for (String script : scripts) {
            page.append("<script src=\"").append(escape(script)).append("\"></script>\n");
        }
        page.append("</body>\n</html>\n");
        response.setContentType("text/html;charset=utf-8");
        // Pages show who is signed in where: never cached, so the back button asks the server again.
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        response.getWriter().write(page.toString());
    }
}
