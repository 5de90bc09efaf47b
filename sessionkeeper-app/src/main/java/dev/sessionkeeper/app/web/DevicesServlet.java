package dev.sessionkeeper.app.web;

import dev.sessionkeeper.SessionInfo;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.app.support.Redaction;
import dev.sessionkeeper.servlet.SessionKeeperFilter;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code GET /devices}: the signed-in user's live sessions, straight from the store's principal index;
 * {@code POST /signout}: sign out this device, the others, or everywhere.
 *
 * <p>The page does not refresh itself: every request slides the session's idle deadline, so a page that
 * polled would keep its session alive forever and nobody would see one expire. Its countdowns run in the
 * browser instead, from each session's deadline.
 */
final class DevicesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient SessionStore store;

    DevicesServlet(SessionStore store) {
        this.store = store;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String principal = SessionKeeperFilter.principal(request);
        if (principal == null) {
            WebDemo.redirect(response, endedBefore(request) ? "/?ended=1" : "/?from=devices");
            return;
        }
        HttpSession session = request.getSession(false);
        String currentId = session.getId();
        String flash = Flash.take(session);
        String token = Csrf.token(session);
        List<SessionInfo> sessions = new ArrayList<>(store.sessionsOf(principal, WebDemo.USER_AGENT, WebDemo.SIGNED_IN_AT));
        // This device first, then the others, most recently used first.
        sessions.sort(Comparator.comparing((SessionInfo s) -> !s.id().equals(currentId))
                .thenComparing(SessionInfo::lastAccessedAt, Comparator.reverseOrder()));

        StringBuilder body = new StringBuilder(4096);
        body.append("<section class=\"intro\"><h1>Your devices</h1><p>Signed in as <strong>")
                .append(Html.escape(principal)).append("</strong> on ").append(sessions.size())
                .append(sessions.size() == 1 ? " device" : " devices").append(" of at most ")
                .append(WebDemo.SESSION_LIMIT).append(". Signing in on one more signs out the device used least ")
                .append("recently.</p></section>\n");
        body.append(Flash.render(null, flash));
        body.append("<ul class=\"devices\" data-server-now=\"").append(System.currentTimeMillis()).append("\">\n");
        for (SessionInfo s : sessions) {
            body.append(device(s, s.id().equals(currentId)));
        }
        body.append("</ul>\n<div class=\"actions card\">")
                .append(signOutForm(token, "this", "Sign out this device", "secondary"))
                .append(signOutForm(token, "others", "Sign out other devices", "secondary"))
                .append(signOutForm(token, "everywhere", "Sign out everywhere", "danger"))
                .append("<a class=\"button ghost\" href=\"/devices\">Refresh</a></div>\n");
        Html.write(response, "Your devices", Html.Nav.DEVICES, body.toString(), "/static/devices.js");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!Csrf.isValid(request)) {
            Csrf.reject(response);
            return;
        }
        String principal = SessionKeeperFilter.principal(request);
        HttpSession session = request.getSession(false);
        if (principal == null || session == null) {
            WebDemo.redirect(response, "/?ended=1");
            return;
        }
        switch (String.valueOf(request.getParameter("scope"))) {
            case "others" -> {
                int ended = store.logoutOthers(principal, session.getId());
                Flash.put(session, Flash.Kind.INFO, ended == 0 ? "No other device was signed in."
                        : "Signed out " + ended + (ended == 1 ? " other device." : " other devices."));
                WebDemo.redirect(response, "/devices");
            }
            case "everywhere" -> {
                store.logoutEverywhere(principal);
                // Already destroyed with the others, in the same atomic step; this clears its cookie.
                session.invalidate();
                WebDemo.redirect(response, "/?bye=everywhere");
            }
            default -> {
                session.invalidate();
                WebDemo.redirect(response, "/?bye=this");
            }
        }
    }

    private static String device(SessionInfo s, boolean current) {
        String ua = s.attributes().get(WebDemo.USER_AGENT) instanceof String text ? text : null;
        Instant signedIn = s.attributes().get(WebDemo.SIGNED_IN_AT) instanceof Number millis
                ? Instant.ofEpochMilli(millis.longValue()) : s.createdAt();
        StringBuilder li = new StringBuilder(1024);
        li.append("<li class=\"card device").append(current ? " current" : "").append("\" data-expires=\"")
                .append(s.expiresAt().toEpochMilli()).append("\"").append(current ? " data-current" : "").append('>')
                .append("<div class=\"device-head\"><span class=\"device-name\">").append(Html.escape(UserAgents.describe(ua)))
                .append("</span>").append(current ? "<span class=\"badge\">This device</span>" : "")
                .append("<span class=\"sid\" title=\"session id, shortened\">").append(Html.escape(Redaction.id(s.id())))
                .append("</span></div>")
                .append("<dl><div><dt>Signed in</dt><dd>").append(Html.time(signedIn)).append("</dd></div>")
                .append("<div><dt>Last seen</dt><dd>").append(Html.time(s.lastAccessedAt())).append("</dd></div>")
                .append("<div><dt>Expires in</dt><dd class=\"countdown\" aria-live=\"off\">")
                .append(Html.time(s.expiresAt())).append("</dd></div></dl>")
                .append("<div class=\"meter\"><span></span></div>");
        if (ua != null && !ua.isEmpty()) {
            li.append("<p class=\"ua\">").append(Html.escape(ua)).append("</p>");
        }
        return li.append("</li>\n").toString();
    }

    private static String signOutForm(String token, String scope, String label, String style) {
        return "<form method=\"post\" action=\"/signout\">" + Html.csrfField(token)
                + "<input type=\"hidden\" name=\"scope\" value=\"" + scope + "\">"
                + "<button type=\"submit\" class=\"" + style + "\" data-scope=\"" + scope + "\">" + label
                + "</button></form>";
    }

    /**
     * Whether the browser sent a session cookie that no longer leads to a session: it expired, or it was
     * signed out from another device. The filter answers such a cookie with a fresh, empty session.
     */
    private static boolean endedBefore(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return false;
        }
        for (Cookie c : cookies) {
            if (WebDemo.COOKIE.equals(c.getName())) {
                return request.getSession(false) == null;
            }
        }
        return false;
    }
}
