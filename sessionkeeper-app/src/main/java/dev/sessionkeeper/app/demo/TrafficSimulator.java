package dev.sessionkeeper.app.demo;

import dev.sessionkeeper.DestroyReason;
import dev.sessionkeeper.Session;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.app.web.WebDemo;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synthetic users for the dashboard ({@code --simulate N}), working on the store directly as the web app
 * would: each signs in with a short idle timeout, makes a few requests a second or two apart, then either signs
 * out or walks away and lets the session expire, and a little later comes back. So created, rotated, destroyed
 * and, mostly, expired events flow all the time, at about N / 15 expirations a second.
 *
 * <p>Each user is a chain of steps on a small scheduler; no step blocks on another user. The simulation ends
 * with the demo ({@link #close()}), and a step that fails (Redis away for a moment) only ends that visit.
 */
public final class TrafficSimulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TrafficSimulator.class);
    public static final Duration MIN_IDLE = Duration.ofSeconds(5);
    public static final Duration MAX_IDLE = Duration.ofSeconds(15);
    public static final int MAX_USERS = 10_000;
    static final String USER_AGENT = "sessionkeeper-simulator";
    private static final String PRINCIPAL_PREFIX = "sim-";

    private final SessionStore store;
    private final int users;
    private final ScheduledExecutorService scheduler;

    public TrafficSimulator(SessionStore store, int users) {
        if (users < 0 || users > MAX_USERS) {
            throw new IllegalArgumentException("users must be 0.." + MAX_USERS + ", got " + users);
        }
        this.store = store;
        this.users = users;
        this.scheduler = users == 0 ? null : Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "sessionkeeper-simulator");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts every user after a random delay of up to 3 s, so they do not all arrive in the same instant. */
    public TrafficSimulator start() {
        for (int i = 1; i <= users; i++) {
            String principal = PRINCIPAL_PREFIX + String.format(Locale.ROOT, "%0" + digits() + "d", i);
            schedule(() -> signIn(principal), random(0, 3000));
        }
        return this;
    }

    public int users() {
        return users;
    }

    private void signIn(String principal) {
        try {
            Session anonymous = store.newSession();
            anonymous.setIdleTimeout(Duration.ofMillis(random(MIN_IDLE.toMillis(), MAX_IDLE.toMillis())));
            anonymous.set(WebDemo.USER_AGENT, USER_AGENT);
            anonymous.set(WebDemo.SIGNED_IN_AT, System.currentTimeMillis());
            Session session = store.login(anonymous, principal);
            int requests = (int) random(0, 5);
            schedule(() -> visit(principal, session.id(), requests), random(500, 2500));
        } catch (RuntimeException e) {
            comeBackLater(principal, e);
        }
    }

    private void visit(String principal, String id, int requestsLeft) {
        try {
            if (requestsLeft > 0) {
                boolean live = store.find(id).isPresent();
                if (live) {
                    schedule(() -> visit(principal, id, requestsLeft - 1), random(500, 2500));
                    return;
                }
            } else if (ThreadLocalRandom.current().nextInt(4) == 0) {
                store.destroy(id, DestroyReason.LOGOUT);
            }
            // Otherwise the user walks away: the session expires at its idle deadline, and the user comes back
            // some seconds after that.
            schedule(() -> signIn(principal), MAX_IDLE.toMillis() + random(0, 10_000));
        } catch (RuntimeException e) {
            comeBackLater(principal, e);
        }
    }

    private void comeBackLater(String principal, RuntimeException e) {
        log.debug("simulated user {}: {}", principal, e.toString());
        schedule(() -> signIn(principal), 5_000);
    }

    private void schedule(Runnable step, long delayMillis) {
        try {
            scheduler.schedule(step, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // The demo is stopping.
        }
    }

    private int digits() {
        return Math.max(2, Integer.toString(users).length());
    }

    private static long random(long from, long to) {
        return ThreadLocalRandom.current().nextLong(from, to + 1);
    }

    /** Stops the users; their sessions expire on their own, within {@link #MAX_IDLE}. */
    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
