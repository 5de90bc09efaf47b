package dev.sessionkeeper.example;

import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.servlet.SessionKeeperFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.UUID;

/**
 * The example application: a visit counter kept in the session, sign-in, the signed-in user's
 * devices and "log out everywhere".
 */
public final class ExampleServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Tells one deployment from the next, so that a redeploy can be seen from outside. */
    private final String deployment = UUID.randomUUID().toString();

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        String body;
        switch (path) {
            // Never touches the session, so it answers even while Redis is down.
            case "/health" -> body = "ok " + deployment;
            // One attribute updated by concurrent requests: update() loses none of them.
            case "/count" -> body = String.valueOf(SessionKeeperFilter.update(req, "count",
                    n -> n == null ? 1 : ((Number) n).intValue() + 1));
            case "/login" -> {
                SessionKeeperFilter.login(req, req.getParameter("user"));
                body = "signed in";
            }
            // The store itself, for what one session cannot tell: all of a user's sessions.
            case "/devices" -> body = String.valueOf(store().sessionsOf(SessionKeeperFilter.principal(req)).size());
            case "/logout-everywhere" -> body = String.valueOf(store().logoutEverywhere(SessionKeeperFilter.principal(req)));
            case "/audit" -> body = AuditListener.summary();
            default -> {
                resp.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
        }
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().write(body);
    }

    private SessionStore store() {
        return SessionKeeperFilter.store(getServletContext());
    }
}
