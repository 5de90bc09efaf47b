package dev.sessionkeeper.app.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionkeeper.app.support.Redaction;
import dev.sessionkeeper.events.EventHandler;
import dev.sessionkeeper.events.SessionEvent;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's live event feed: takes every event of the store's broadcast subscription, counts it in the
 * {@link ExpiryStats}, and sends it as a server-sent event to every open dashboard. New dashboards first get
 * the last few events, so the feed is not empty while nothing happens.
 *
 * <p>All writes to the browsers happen on one thread of its own, never on the subscription's reader: a slow
 * browser delays the feed, not the reading of the event log. A comment line every few seconds finds the
 * browsers that went away without closing their connection.
 */
final class EventFeed implements EventHandler, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventFeed.class);
    private static final int RECENT = 25;
    private static final long KEEPALIVE_SECONDS = 10;
    /** How long a browser waits before reconnecting when the stream breaks. */
    private static final long RETRY_MILLIS = 2000;

    private final ExpiryStats stats;
    private final ObjectMapper json = new ObjectMapper();
    private final List<AsyncContext> clients = new CopyOnWriteArrayList<>();
    private final Deque<String> recent = new ArrayDeque<>();
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sessionkeeper-event-feed");
        t.setDaemon(true);
        return t;
    });

    EventFeed(ExpiryStats stats) {
        this.stats = stats;
        writer.scheduleWithFixedDelay(() -> sendToAll(": keepalive\n\n"), KEEPALIVE_SECONDS, KEEPALIVE_SECONDS,
                TimeUnit.SECONDS);
    }

    @Override
    public void handle(SessionEvent event) {
        stats.record(event, System.currentTimeMillis());
        String message = "event: session\ndata: " + toJson(event) + "\n\n";
        synchronized (recent) {
            recent.addLast(message);
            if (recent.size() > RECENT) {
                recent.removeFirst();
            }
        }
        execute(() -> sendToAll(message));
    }

    /** Adds a browser's open stream (an async request with no timeout): it gets the recent events, then new ones. */
    void add(AsyncContext client) {
        client.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent e) {
                clients.remove(client);
            }

            @Override
            public void onTimeout(AsyncEvent e) {
                drop(client);
            }

            @Override
            public void onError(AsyncEvent e) {
                drop(client);
            }

            @Override
            public void onStartAsync(AsyncEvent e) {
            }
        });
        StringBuilder backlog = new StringBuilder("retry: " + RETRY_MILLIS + "\n\n");
        synchronized (recent) {
            recent.forEach(backlog::append);
        }
        execute(() -> {
            if (send(client, backlog.toString())) {
                clients.add(client);
            }
        });
    }

    /** Number of dashboards connected. */
    int clients() {
        return clients.size();
    }

    /** Ends every open stream, so that the server can stop without waiting for browsers. */
    @Override
    public void close() {
        writer.shutdownNow();
        clients.forEach(this::drop);
    }

    /**
     * The event for the browser. The session id is shortened: ids are bearer credentials, and a dashboard
     * is no place for them.
     */
    private String toJson(SessionEvent event) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", event.type().wireName().toLowerCase(Locale.ROOT));
        fields.put("id", Redaction.id(event.sessionId()));
        fields.put("principal", event.principal());
        fields.put("reason", event.reason());
        fields.put("successor", event.successorId() == null ? null : Redaction.id(event.successorId()));
        fields.put("latenessMs", event.type() == SessionEvent.Type.EXPIRED ? event.latenessMillis() : null);
        fields.put("at", event.writtenAt() == null ? null : event.writtenAt().toEpochMilli());
        try {
            return json.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode an event for the feed", e);
        }
    }

    private void execute(Runnable task) {
        try {
            writer.execute(task);
        } catch (RejectedExecutionException closed) {
            // Closing: the streams are ending anyway.
        }
    }

    private void sendToAll(String message) {
        for (AsyncContext client : clients) {
            if (!send(client, message)) {
                drop(client);
            }
        }
    }

    private static boolean send(AsyncContext client, String message) {
        try {
            PrintWriter out = client.getResponse().getWriter();
            out.write(message);
            out.flush();
            return !out.checkError();
        } catch (IOException | IllegalStateException gone) {
            return false;
        }
    }

    private void drop(AsyncContext client) {
        clients.remove(client);
        try {
            client.complete();
        } catch (IllegalStateException alreadyDone) {
            log.trace("event stream already complete");
        }
    }
}
