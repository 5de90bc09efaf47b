package dev.sessionkeeper.app.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionkeeper.RedisUnavailableException;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.app.demo.Narrator;
import dev.sessionkeeper.app.demo.TrafficSimulator;
import dev.sessionkeeper.expiry.ExpiryWorker;
import dev.sessionkeeper.expiry.WorkerStats;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /dashboard}: live sessions, expirations per second, the lateness histogram and the event feed;
 * {@code GET /dashboard/stats}: the figures as JSON, which the page polls every second. The charts are drawn by
 * Chart.js (from its webjar), the feed comes from {@link EventStreamServlet}.
 */
final class DashboardServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String STATS_PATH = "/dashboard/stats";

    private final transient SessionStore store;
    private final transient ExpiryWorker worker;
    private final transient ExpiryStats stats;
    private final transient TrafficSimulator simulator;
    private final transient ObjectMapper json = new ObjectMapper();

    DashboardServlet(SessionStore store, ExpiryWorker worker, ExpiryStats stats, TrafficSimulator simulator) {
        this.store = store;
        this.worker = worker;
        this.stats = stats;
        this.simulator = simulator;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (STATS_PATH.equals(request.getServletPath())) {
            response.setContentType("application/json");
            response.setHeader("Cache-Control", "no-store");
            json.writeValue(response.getWriter(), figures());
            return;
        }
        Html.write(response, "Dashboard", Html.Nav.DASHBOARD, page(), ClasspathResourceServlet.chartJs(),
                "/static/dashboard.js");
    }

    private String page() {
        String simulated = simulator.users() == 0
                ? "Sign in on the <a href=\"/\">sign-in page</a> to see your own sessions here, or start the demo "
                        + "with <code>--simulate 50</code> for synthetic traffic."
                : simulator.users() + " simulated users sign in, click around, sign out or walk away (idle timeouts "
                        + "of " + Narrator.human(TrafficSimulator.MIN_IDLE) + " to " + Narrator.human(TrafficSimulator.MAX_IDLE)
                        + "), so sessions expire all the time.";
        return "<section class=\"intro\"><h1>Dashboard</h1><p>Every figure here comes from Redis: the live count "
                + "from the store, the rest from the durable event log. " + simulated + "</p></section>\n"
                + "<div class=\"tiles\">"
                + tile("live", "Live sessions", "in the store right now")
                + tile("rate", "Expirations / s", "over the last 5 s")
                + tile("p99", "Lateness p99", "deadline to event, this worker")
                + tile("expired", "Expired", "since the dashboard started")
                + "</div>\n"
                + "<div class=\"charts\">"
                + "<section class=\"card chart\"><h2>Expirations per second</h2><p class=\"sub\">last "
                + ExpiryStats.WINDOW_SECONDS + " seconds</p><div class=\"canvas\"><canvas id=\"rate-chart\" "
                + "aria-label=\"Expirations per second\" role=\"img\"></canvas></div></section>"
                + "<section class=\"card chart\"><h2>Expiry lateness</h2><p class=\"sub\">events per bucket of ms "
                + "after the deadline</p><div class=\"canvas\"><canvas id=\"lateness-chart\" "
                + "aria-label=\"Expiry lateness histogram\" role=\"img\"></canvas></div></section>"
                + "</div>\n"
                + "<section class=\"card feed\"><h2>Live events <span id=\"feed-state\" class=\"pill\">connecting"
                + "</span></h2><p class=\"sub\">from the event log, as they are written; session ids shortened</p>"
                + "<ol id=\"feed\" class=\"feed-list\" aria-live=\"polite\"></ol>"
                + "<p id=\"feed-empty\" class=\"empty\">No events yet. Sign in somewhere, or wait for a session to "
                + "expire.</p></section>";
    }

    private static String tile(String id, String label, String note) {
        return "<div class=\"card tile\"><span class=\"label\">" + label + "</span><span class=\"value\" id=\"" + id
                + "\">-</span><span class=\"note\">" + note + "</span></div>";
    }

    private Map<String, Object> figures() {
        long now = System.currentTimeMillis();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("live", liveSessions());
        out.put("perSecond", stats.perSecond(now));
        out.put("latenessLabels", ExpiryStats.bucketLabels());
        out.put("latenessCounts", stats.latenessCounts());
        out.put("events", stats.eventCounts());
        WorkerStats w = worker.stats();
        Map<String, Object> workerFigures = new LinkedHashMap<>();
        workerFigures.put("expired", w.expired());
        workerFigures.put("backlog", w.backlog());
        workerFigures.put("p50", w.latenessP50Millis());
        workerFigures.put("p99", w.latenessP99Millis());
        workerFigures.put("max", w.latenessMaxMillis());
        workerFigures.put("failures", w.failures());
        out.put("worker", workerFigures);
        out.put("simulatedUsers", simulator.users());
        out.put("serverTime", now);
        return out;
    }

    /** The live count, or null while Redis does not answer: the dashboard shows a dash rather than failing. */
    private Long liveSessions() {
        try {
            return store.count();
        } catch (RedisUnavailableException e) {
            return null;
        }
    }
}
