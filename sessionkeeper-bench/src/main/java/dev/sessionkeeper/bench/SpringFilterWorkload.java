package dev.sessionkeeper.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * The Spring path: the web workload's requests as a Spring application serves them, through
 * Spring Session's own {@code SessionRepositoryFilter} ({@link SpringFilterClient}) on each
 * system's Spring repository ({@link SpringPathSystem}), side by side in one run.
 * <ul>
 *   <li><b>sign-in</b>: a new session with the five workload attributes, its principal set by
 *       the principal-name attribute, 5 per user, 16 threads;</li>
 *   <li><b>request</b>: the session cookie, read 2 attributes, change 1 in 20 % of requests;
 *       16 threads; then each kind apart, 1 thread, for exact counts per kind;</li>
 *   <li><b>expiry</b>: sessions signed in with idle timeouts of 2-5 s (whole seconds, the
 *       servlet API's unit), each system's expiry running as a Spring application runs it,
 *       and the {@code SessionExpiredEvent}s the application gets: lateness from the deadline
 *       to the event, duplicates, missing ones.</li>
 * </ul>
 * Round trips, Redis commands and Redis CPU are counted as {@link WebWorkload} counts them. The
 * metric names differ from the web workload's ("filtered request"), so that the two benchmarks'
 * rows stay apart in the table.
 */
final class SpringFilterWorkload implements Workload {

    private static final double CHANGE_SHARE = 0.2;
    private static final int MIN_IDLE_SECONDS = 2;
    private static final int MAX_IDLE_SECONDS = 5;

    @Override
    public String name() {
        return "spring";
    }

    @Override
    public void run(BenchContext ctx, BenchSystem.Factory factory, Results results) throws Exception {
        int sessions = ctx.quick ? 2_000 : 20_000;
        int requests = ctx.quick ? 10_000 : 100_000;
        int expiring = ctx.quick ? 1_000 : 5_000;
        String signIn = String.format("spring: sign-in through SessionRepositoryFilter (%,d sessions, 5 attributes,"
                + " 5 per user, 16 threads)", sessions);
        String request = String.format("spring: request through SessionRepositoryFilter (%,d requests, 20%% change"
                + " one attribute, 16 threads)", requests);
        String split = "spring: request through SessionRepositoryFilter, one kind at a time (1,000 each, 1 thread)";
        String expiry = String.format("spring: SessionExpiredEvent lateness (%,d sessions signed in through the filter,"
                + " idle %d-%d s)", expiring, MIN_IDLE_SECONDS, MAX_IDLE_SECONDS);

        try (SpringPathSystem system = factory.open(ctx.redisUrl, ctx.freshNamespace("spring"),
                BenchSystem.Options.defaults(), SpringPathSystem.class)) {
            SpringFilterClient client = SpringFilterClient.on(system.springRepository());

            ctx.progress("%s: %s", factory.name(), signIn);
            String[] cookies = new String[sessions];
            WebWorkload.Counts before = WebWorkload.Counts.take(ctx, system);
            WebWorkload.Phase signedIn = WebWorkload.run(sessions,
                    i -> cookies[i] = client.signIn(WorkloadSession.user(i), 30 * 60));
            record(results, signIn, "sign-in", signedIn, WebWorkload.Counts.take(ctx, system).minus(before), sessions);

            ctx.progress("%s: warming up the filter's request path", factory.name());
            WebWorkload.run(WebWorkload.WARM_REQUESTS, i -> client.page(cookies[i % sessions], i % 5 == 0, "/warm"));

            ctx.progress("%s: %s", factory.name(), request);
            AtomicInteger gone = new AtomicInteger();
            before = WebWorkload.Counts.take(ctx, system);
            WebWorkload.Phase served = WebWorkload.run(requests, i -> {
                SplittableRandom r = new SplittableRandom(i * 0x9E3779B97F4A7C15L);
                if (!client.page(cookies[r.nextInt(sessions)], r.nextDouble() < CHANGE_SHARE, "/page/" + r.nextInt(100))) {
                    gone.incrementAndGet();
                }
            });
            record(results, request, "filtered request", served, WebWorkload.Counts.take(ctx, system).minus(before), requests);
            results.add(request, "filtered request p99", Latencies.p(served.latencies(), 99), "ms");
            results.atMost(request, "requests that found their session gone", gone.get(), "requests", 0);

            for (boolean change : new boolean[] {false, true}) {
                String kind = change ? "changed filtered request" : "unchanged filtered request";
                before = WebWorkload.Counts.take(ctx, system);
                for (int i = 0; i < 1_000; i++) {
                    client.page(cookies[i % sessions], change, "/page/" + i);
                }
                WebWorkload.Counts d = WebWorkload.Counts.take(ctx, system).minus(before);
                results.atMost(split, kind + ": round trips", d.roundTrips() / 1_000.0, "per request", change ? 2 : 1);
                results.add(split, kind + ": Redis commands", d.commands() / 1_000.0, "per request");
                results.add(split, kind + ": Redis CPU", d.redisCpuSeconds() * 1e6 / 1_000, "us per request");
            }

            expiry(ctx, factory, system, client, expiring, expiry, results);
            system.dropKeys(ctx.probe);
        }
    }

    /**
     * Signs in {@code n} sessions with idle timeouts spread over the range and waits, up to the
     * system's own bound past the last deadline, for their {@code SessionExpiredEvent}s. A
     * session's deadline is taken as the start of its sign-in request plus its idle timeout, so
     * the lateness is an upper bound by that request's own time.
     */
    private static void expiry(BenchContext ctx, BenchSystem.Factory factory, SpringPathSystem system,
                               SpringFilterClient client, int n, String bench, Results results) throws Exception {
        ctx.progress("%s: %s", factory.name(), bench);
        Map<String, Long> deadlineMicros = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        LongAdder ours = new LongAdder();
        LongAdder early = new LongAdder();
        Latencies lateness = new Latencies();
        AutoCloseable subscription = system.subscribeSpringExpired("bench-spring", (id, deadline, writtenAt, received) -> {
            Long due = deadlineMicros.get(id);
            if (due == null) {
                return; // not a session of this phase
            }
            if (seen.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet() == 1) {
                if (received < due) {
                    early.increment();
                } else {
                    lateness.recordMicros(received - due);
                }
            }
            ours.increment();
        });
        BenchSystem.Expirer expirer = system.startExpirer(200);
        try {
            int span = MAX_IDLE_SECONDS - MIN_IDLE_SECONDS + 1;
            long start = System.nanoTime();
            WebWorkload.run(n, i -> {
                int idle = MIN_IDLE_SECONDS + i % span;
                long at = BenchClock.nowMicros();
                String cookie = client.signIn(WorkloadSession.user(i), idle);
                deadlineMicros.put(sessionId(cookie), at + idle * 1_000_000L);
            });
            double createSeconds = (System.nanoTime() - start) / 1e9;
            if (createSeconds > MIN_IDLE_SECONDS) {
                ctx.progress("warning: signing in took longer than the shortest idle timeout");
            }
            long waitUntil = start + Duration.ofSeconds(MAX_IDLE_SECONDS).toNanos()
                    + Duration.ofMillis((long) (createSeconds * 1000)).toNanos() + factory.expiryWaitBound().toNanos();
            long lastReport = 0;
            while (seen.size() < n && System.nanoTime() < waitUntil) {
                Thread.sleep(50);
                if (System.nanoTime() - lastReport > 2_000_000_000L) {
                    lastReport = System.nanoTime();
                    ctx.progress("%s: %,d of %,d SessionExpiredEvents", factory.name(), seen.size(), n);
                }
            }
            // A moment for stray duplicates to show up.
            Thread.sleep(ctx.quick ? 500 : 2_000);
        } finally {
            subscription.close();
            expirer.close();
        }
        long duplicates = ours.sum() - seen.size();
        long missing = n - seen.size();
        Histogram late = lateness.endPhase();
        results.add(bench, "SessionExpiredEvents received", seen.size(), "sessions");
        results.add(bench, "event lateness p50, deadline -> SessionExpiredEvent", Latencies.p(late, 50), "ms");
        results.add(bench, "event lateness p99, deadline -> SessionExpiredEvent", Latencies.p(late, 99), "ms");
        results.add(bench, "event lateness max, deadline -> SessionExpiredEvent", Latencies.max(late), "ms");
        results.atMost(bench, "SessionExpiredEvents before the deadline", early.sum(), "events", 0);
        results.atMost(bench, "duplicate SessionExpiredEvents (same session twice)", duplicates, "events", 0);
        results.atMost(bench, "missing SessionExpiredEvents (none by the wait bound)", missing, "sessions", 0);
        results.add(bench, "wait bound: how long after the last deadline", factory.expiryWaitBound().toSeconds(), "s");
    }

    /** The session id a cookie value carries: {@code DefaultCookieSerializer} base64-encodes it. */
    private static String sessionId(String cookie) {
        return new String(Base64.getDecoder().decode(cookie), StandardCharsets.UTF_8);
    }

    private static void record(Results results, String bench, String one, WebWorkload.Phase phase,
                               WebWorkload.Counts d, int n) {
        results.add(bench, one + "s per second", n / phase.seconds(), "/s");
        results.add(bench, one + " p50", Latencies.p(phase.latencies(), 50), "ms");
        results.add(bench, "round trips per " + one, d.roundTrips() / (double) n, "calls");
        results.add(bench, "Redis commands per " + one, d.commands() / (double) n, "commands");
        results.add(bench, "Redis CPU per " + one, d.redisCpuSeconds() * 1e6 / n, "us");
        results.add(bench, "bench JVM CPU per " + one + " (client, filter, 16 threads)", d.jvmCpuNanos() / 1e3 / n, "us");
        results.add(bench, "Redis CPU during the phase (1.0 = one core)", d.redisCpuSeconds() / phase.seconds(), "cores");
    }
}
