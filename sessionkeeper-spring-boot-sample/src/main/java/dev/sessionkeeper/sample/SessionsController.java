package dev.sessionkeeper.sample;

import dev.sessionkeeper.spring.session.SessionKeeperSession;
import dev.sessionkeeper.spring.session.SessionKeeperSessionRepository;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

import java.util.Map;

/** "Your sessions", through findByPrincipalName, with "sign out everywhere"; and the expirations heard. */
@RestController
class SessionsController {

    private final SessionKeeperSessionRepository sessions;
    private final ExpiredSessions expired;

    SessionsController(SessionKeeperSessionRepository sessions, ExpiredSessions expired) {
        this.sessions = sessions;
        this.expired = expired;
    }

    @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
    String home(Authentication user, HttpSession session, HttpServletRequest request) {
        session.setAttribute("lastPage", "/");
        Map<String, SessionKeeperSession> mine = sessions.findByPrincipalName(user.getName());
        StringBuilder html = new StringBuilder("<!doctype html><html><head><title>Your sessions</title></head><body>")
                .append("<h1>Signed in as <span id=\"user\">").append(HtmlUtils.htmlEscape(user.getName()))
                .append("</span></h1><h2>Your sessions (<span id=\"count\">").append(mine.size())
                .append("</span>)</h2><ul id=\"sessions\">");
        mine.values().forEach(s -> html.append("<li>").append(HtmlUtils.htmlEscape(s.getId().substring(0, 8)))
                .append("&hellip; since ").append(s.getCreationTime()).append(", last seen ")
                .append(s.getLastAccessedTime()).append(s.getId().equals(session.getId()) ? " (this one)" : "")
                .append("</li>"));
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        String token = "<input type=\"hidden\" name=\"" + csrf.getParameterName() + "\" value=\"" + csrf.getToken() + "\">";
        html.append("</ul><form method=\"post\" action=\"/logout-everywhere\">").append(token)
                .append("<button id=\"everywhere\">Sign out everywhere</button></form>")
                .append("<form method=\"post\" action=\"/logout\">").append(token)
                .append("<button id=\"logout\">Sign out</button></form><p><a href=\"/expired\">Expirations</a></p>")
                .append("</body></html>");
        return html.toString();
    }

    @PostMapping("/logout-everywhere")
    String logoutEverywhere(Authentication user, HttpServletRequest request) {
        int ended = sessions.store().logoutEverywhere(user.getName());
        request.getSession().invalidate();
        return "Signed out of " + ended + " sessions.";
    }

    @GetMapping(value = "/expired", produces = MediaType.TEXT_HTML_VALUE)
    String expired() {
        StringBuilder html = new StringBuilder("<!doctype html><html><head><title>Expirations</title></head><body>"
                + "<h1>Expired sessions</h1><ul id=\"expired\">");
        expired.recent().forEach(e -> html.append("<li>").append(HtmlUtils.htmlEscape(e.idPrefix())).append("&hellip; ")
                .append(e.principal() == null ? "anonymous" : HtmlUtils.htmlEscape(e.principal().toString()))
                .append(" at ").append(e.at()).append("</li>"));
        return html.append("</ul></body></html>").toString();
    }
}
