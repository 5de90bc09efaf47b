package dev.sessionkeeper.app.web;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /dashboard/events}: the live event feed as server-sent events. The request turns async and
 * stays open; the {@link EventFeed} writes to it. It never touches the session, so it costs Redis nothing.
 */
final class EventStreamServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient EventFeed feed;

    EventStreamServlet(EventFeed feed) {
        this.feed = feed;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/event-stream;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        // Tells a reverse proxy (nginx) to pass events on as they come instead of buffering them.
        response.setHeader("X-Accel-Buffering", "no");
        response.flushBuffer();
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        feed.add(async);
    }
}
