package dev.sessionkeeper.app.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Cross-site request forgery defence: a random token per session, put in every form as a hidden field and
 * compared on every POST. Another site can make a browser POST here with its cookie, but cannot read the token.
 * SameSite=Lax cookies already stop most of that; the token also covers browsers and setups where they do not.
 */
final class Csrf {

    static final String FIELD = "csrf";
    private static final String ATTRIBUTE = "csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Csrf() {
    }

    /** The session's token, made (and so the session stored) on first use. */
    static String token(HttpSession session) {
        Object token = session.getAttribute(ATTRIBUTE);
        if (token instanceof String s) {
            return s;
        }
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        session.setAttribute(ATTRIBUTE, fresh);
        return fresh;
    }

    /** Whether the POST carries its session's token; a request without a session has none to match. */
    static boolean isValid(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        String sent = request.getParameter(FIELD);
        if (session == null || sent == null) {
            return false;
        }
        Object expected = session.getAttribute(ATTRIBUTE);
        // Constant time: how much of a guess matched must not show in the response time.
        return expected instanceof String s && MessageDigest.isEqual(
                s.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers a POST without a valid token: 403, and a page that says how to carry on. */
    static void reject(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        Html.write(response, "Form expired", null, "<section class=\"intro\"><h1>This form has expired</h1>"
                + "<p>It was sent without this site's security token, or your session ended meanwhile. Nothing was "
                + "changed.</p><p><a class=\"button\" href=\"/\">Back to sign in</a></p></section>");
    }
}
