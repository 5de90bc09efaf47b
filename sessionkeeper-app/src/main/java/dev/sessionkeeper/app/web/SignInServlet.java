package dev.sessionkeeper.app.web;

import dev.sessionkeeper.SessionInfo;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.app.demo.Narrator;
import dev.sessionkeeper.servlet.SessionKeeperFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * {@code GET /}: the sign-in form; {@code POST /signin}: signs in under any name and goes on to the devices
 * page (Post/Redirect/Get, so reloading or going back never posts twice).
 */
final class SignInServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int MAX_NAME_LENGTH = 64;

    private final transient SessionStore store;

    SignInServlet(SessionStore store) {
        this.store = store;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String principal = SessionKeeperFilter.principal(request);
        HttpSession session = request.getSession();
        if (session.isNew()) {
            // An anonymous session only carries the form's CSRF token: let it outlive a slow typist.
            session.setMaxInactiveInterval((int) WebDemo.ANONYMOUS_IDLE.toSeconds());
        }
        String token = Csrf.token(session);
        StringBuilder body = new StringBuilder(2048);
        body.append("<section class=\"intro\"><h1>Sign in</h1><p>Any name will do. Sign in from a second browser ")
                .append("or a private window too: each is one of your devices, listed with its countdown to expiry. ")
                .append("Sessions live in Redis and end on time, each with exactly one event on the ")
                .append("<a href=\"/dashboard\">dashboard</a>.</p></section>\n");
        body.append(Flash.render(notice(request), Flash.take(session)));
        if (principal != null) {
            body.append("<div class=\"card signed-in\"><p>You are signed in as <strong>")
                    .append(Html.escape(principal)).append("</strong>.</p><a class=\"button\" href=\"/devices\">")
                    .append("Your devices</a></div>\n");
        }
        body.append("<form class=\"card form\" method=\"post\" action=\"/signin\">")
                .append(Html.csrfField(token))
                .append("<label for=\"name\">Your name</label>")
                .append("<input id=\"name\" name=\"name\" required maxlength=\"").append(MAX_NAME_LENGTH)
                .append("\" autocomplete=\"username\" autocapitalize=\"none\" spellcheck=\"false\" placeholder=\"alice\"")
                .append(principal != null ? " value=\"" + Html.escape(principal) + "\"" : " autofocus").append('>')
                .append("<label for=\"idle\">Signed out after being idle for</label><select id=\"idle\" name=\"idle\">");
        for (Duration idle : WebDemo.IDLE_CHOICES) {
            body.append("<option value=\"").append(idle.toSeconds()).append('"')
                    .append(idle.equals(WebDemo.DEFAULT_IDLE) ? " selected" : "").append('>')
                    .append(Narrator.human(idle))
                    .append(idle.equals(WebDemo.IDLE_CHOICES.get(0)) ? " (watch it expire)" : "").append("</option>");
        }
        body.append("</select><button type=\"submit\">Sign in</button>")
                .append("<p class=\"hint\">Up to ").append(WebDemo.SESSION_LIMIT).append(" devices per name: signing in ")
                .append("on another one signs out the device you used least recently.</p></form>\n");
        Html.write(response, "Sign in", Html.Nav.SIGN_IN, body.toString());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!Csrf.isValid(request)) {
            Csrf.reject(response);
            return;
        }
        String name = request.getParameter("name") == null ? "" : request.getParameter("name").strip();
        if (!isAcceptable(name)) {
            Flash.put(request.getSession(), Flash.Kind.ERROR,
                    "Please enter a name of 1 to " + MAX_NAME_LENGTH + " characters.");
            WebDemo.redirect(response, "/");
            return;
        }
        HttpSession current = request.getSession();
        String evicted = leastRecentlyUsedIfAtLimit(name, current.getId());
        HttpSession session = SessionKeeperFilter.login(request, name);
        session.setAttribute(WebDemo.USER_AGENT, userAgent(request));
        session.setAttribute(WebDemo.SIGNED_IN_AT, System.currentTimeMillis());
        session.setMaxInactiveInterval((int) idle(request.getParameter("idle")).toSeconds());
        Flash.put(session, Flash.Kind.INFO, "Signed in as " + name + "."
                + (evicted == null ? "" : " You were already signed in on " + WebDemo.SESSION_LIMIT
                        + " devices, so the one used least recently (" + evicted + ") was signed out."));
        WebDemo.redirect(response, "/devices");
    }

    /**
     * The device the sign-in will push out under the limit (the store evicts the least recently used), named
     * for the user; null when the name is below its limit. Read before signing in, as the store's own choice
     * is made inside its login script.
     */
    private String leastRecentlyUsedIfAtLimit(String name, String currentId) {
        List<SessionInfo> sessions = store.sessionsOf(name, WebDemo.USER_AGENT);
        if (sessions.size() < WebDemo.SESSION_LIMIT || sessions.stream().anyMatch(s -> s.id().equals(currentId))) {
            return null;
        }
        return sessions.stream().min(Comparator.comparing(SessionInfo::lastAccessedAt))
                .map(s -> UserAgents.describe(s.attributes().get(WebDemo.USER_AGENT) instanceof String ua ? ua : null))
                .orElse(null);
    }

    private static String notice(HttpServletRequest request) {
        if ("this".equals(request.getParameter("bye"))) {
            return "You are signed out on this device.";
        }
        if ("everywhere".equals(request.getParameter("bye"))) {
            return "You are signed out on all your devices.";
        }
        if (request.getParameter("ended") != null) {
            return "Your session has ended: it expired, or you were signed out from another device.";
        }
        if (request.getParameter("from") != null) {
            return "Sign in to see your devices.";
        }
        return null;
    }

    /** A principal the store takes (no control characters) and a page can show. */
    private static boolean isAcceptable(String name) {
        return !name.isEmpty() && name.length() <= MAX_NAME_LENGTH && name.chars().noneMatch(Character::isISOControl);
    }

    private static Duration idle(String seconds) {
        for (Duration choice : WebDemo.IDLE_CHOICES) {
            if (Long.toString(choice.toSeconds()).equals(seconds)) {
                return choice;
            }
        }
        return WebDemo.DEFAULT_IDLE;
    }

    /** The User-Agent header, capped: it is stored in the session and shown on the devices page. */
    private static String userAgent(HttpServletRequest request) {
        String ua = request.getHeader("User-Agent");
        if (ua == null) {
            return "";
        }
        return ua.length() > 300 ? ua.substring(0, 300) : ua;
    }
}
