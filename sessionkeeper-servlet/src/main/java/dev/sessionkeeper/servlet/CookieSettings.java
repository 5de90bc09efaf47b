package dev.sessionkeeper.servlet;

import dev.sessionkeeper.Session;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.ArrayList;
import java.util.List;

/**
 * The session cookie: how it is named and flagged, and how it is read and written.
 *
 * @param maxAgeSeconds -1 for a browser-session cookie
 */
record CookieSettings(String name, String path, String domain, boolean httpOnly, SecureCookie secure,
                      SameSite sameSite, int maxAgeSeconds, boolean trustForwardedProto) {

    /** How many well-formed ids of our name one request may offer before the rest are ignored. */
    private static final int MAX_CANDIDATES = 3;

    /**
     * The well-formed session ids among the cookies that carry our name, in the order the
     * browser sent them (the most specific path first). More than one happens when a cookie was
     * set for several paths or domains. Malformed values (another application's cookie of the
     * same name, a stale format) are skipped without counting: they could never name a session
     * and cost no lookup, so they must not use up the bound that cuts a forged flood short.
     */
    List<String> candidates(HttpServletRequest request) {
        List<String> out = new ArrayList<>(1);
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return out;
        }
        for (Cookie c : cookies) {
            if (name.equals(c.getName()) && Session.isWellFormedId(c.getValue())) {
                out.add(c.getValue());
                if (out.size() == MAX_CANDIDATES) {
                    break;
                }
            }
        }
        return out;
    }

    void write(HttpServletRequest request, HttpServletResponse response, String id) {
        response.addCookie(cookie(request, id, maxAgeSeconds));
    }

    void clear(HttpServletRequest request, HttpServletResponse response) {
        response.addCookie(cookie(request, "", 0));
    }

    private Cookie cookie(HttpServletRequest request, String value, int maxAge) {
        Cookie c = new Cookie(name, value);
        c.setPath(path != null ? path : contextPath(request));
        if (domain != null) {
            c.setDomain(domain);
        }
        c.setHttpOnly(httpOnly);
        c.setSecure(isSecure(request));
        c.setMaxAge(maxAge);
        c.setAttribute("SameSite", sameSite.attribute());
        return c;
    }

    private boolean isSecure(HttpServletRequest request) {
        return switch (secure) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> request.isSecure()
                    || (trustForwardedProto && "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto")));
        };
    }

    private static String contextPath(HttpServletRequest request) {
        String p = request.getContextPath();
        return p == null || p.isEmpty() ? "/" : p;
    }
}
