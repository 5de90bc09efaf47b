package dev.sessionkeeper.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** One servlet, one action per path, answering with a plain-text result. */
final class TestServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** What {@code /set-then} runs after setting the attribute and before the request ends. */
    static volatile Runnable afterSet = () -> { };

    @Override
    @SuppressWarnings("unchecked")
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String name = req.getParameter("name");
        String value = req.getParameter("value");
        String result;
        switch (req.getPathInfo() == null ? req.getServletPath() : req.getPathInfo()) {
            case "/none" -> result = "ok";
            case "/read" -> {
                HttpSession s = req.getSession(false);
                result = s == null ? "none" : String.valueOf(s.getAttribute(name));
            }
            case "/new-empty" -> result = req.getSession(true).isNew() ? "new" : "old";
            case "/set" -> {
                req.getSession().setAttribute(name, value);
                result = "set";
            }
            case "/set-then" -> {
                req.getSession().setAttribute(name, value);
                afterSet.run();
                result = "set";
            }
            case "/increment" -> {
                HttpSession s = req.getSession();
                Object n = s.getAttribute(name);
                s.setAttribute(name, n == null ? 1 : ((Number) n).intValue() + 1);
                result = "incremented";
            }
            case "/increment-atomically" -> {
                Object n = SessionKeeperFilter.update(req, name, old -> old == null ? 1 : ((Number) old).intValue() + 1);
                result = String.valueOf(n);
            }
            case "/list" -> {
                req.getSession().setAttribute(name, new ArrayList<>(List.of(value)));
                result = "set";
            }
            case "/append" -> {
                Object list = req.getSession().getAttribute(name);
                if (list instanceof List<?>) {
                    ((List<Object>) list).add(value);
                    result = "appended";
                } else {
                    result = "no list";
                }
            }
            case "/id" -> {
                HttpSession s = req.getSession(false);
                result = s == null ? "none" : s.getId();
            }
            case "/login" -> {
                SessionKeeperFilter.login(req, req.getParameter("user"));
                result = req.getSession().getId();
            }
            case "/principal" -> result = String.valueOf(SessionKeeperFilter.principal(req));
            case "/rotate" -> result = req.getSession(false) == null ? "no session" : req.changeSessionId();
            case "/invalidate" -> {
                req.getSession().invalidate();
                result = "invalidated";
            }
            case "/async-set" -> {
                AsyncContext async = req.startAsync();
                async.start(() -> {
                    try {
                        req.getSession().setAttribute(name, value);
                        async.getResponse().getWriter().write("async-set");
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    async.complete();
                });
                return;
            }
            default -> {
                resp.sendError(404);
                return;
            }
        }
        resp.setContentType("text/plain");
        resp.getWriter().write(result);
    }
}
