package dev.sessionkeeper.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Expiry lateness: signed-in sessions (5 per user) with idle timeouts spread uniformly over a
 * range, the system's expiry process, one subscriber. For each expired event the handler records
 * the time from the session's deadline to the handler call (wall clock, same host as Redis, so
 * the clocks agree). Afterwards: duplicates, missing events, what is left in the system's
 * indexes, and principal index entries that name dead sessions.
 *
 * <p>A system whose idle timeouts can change after creation ({@link BenchSystem.Shortening}) then
 * runs a second phase: with nothing else due, sessions with a long idle timeout are created (the
 * expiry process plans to sleep its longest), and at random moments each one's idle timeout is cut
 * short, so that its deadline moves before the planned wake-up. Their lateness is reported on
 * lines of its own.
 *
 * <p>It waits for the last event up to the system's own {@linkplain BenchSystem.Factory#expiryWaitBound()
 * bound} past the last deadline; {@code --quick} cuts that to 5 s, so a system whose events
 * come later (Spring Session's cleanup runs once a minute) shows them as missing there.
 */
final class ExpiryLatenessWorkload implements Workload {

    private static final int CREATE_THREADS = 16;
    /** The idle timeout a shortened session gets: its deadline moves to this long after the save. */
    private static final Duration SHORTENED_IDLE = Duration.ofMillis(300);
    /** How many sessions the second phase shortens. */
    private static final int SHORTENED = 100;

    @Override
    public String name() {
        return "expiry";
    }

    @Override
    public void run(BenchContext ctx, BenchSystem.Factory factory, Results results) throws Exception {
        int sessions = ctx.quick ? 1_000 : 5_000;
        long minIdleMs = ctx.quick ? 2_000 : 5_000;
        long maxIdleMs = ctx.quick ? 5_000 : 15_000;
        String bench = String.format("expiry lateness (%,d sessions, idle %d-%d s)", sessions, minIdleMs / 1000, maxIdleMs / 1000);
        ctx.progress("%s: starting", bench);

        Latencies endToEnd = new Latencies();
        Latencies written = new Latencies();
        Latencies delivery = new Latencies();
        Latencies shortenedLateness = new Latencies();
        Set<String> shortened = ConcurrentHashMap.newKeySet();
        Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        LongAdder received = new LongAdder();
        LongAdder noDeadline = new LongAdder();

        Duration waitBound = ctx.quick ? Duration.ofSeconds(5) : factory.expiryWaitBound();
        String ns = ctx.freshNamespace("expiry");
        try (BenchSystem system = factory.open(ctx.redisUrl, ns, BenchSystem.Options.defaults())) {
            AutoCloseable subscription = system.subscribeExpired("bench", (id, deadline, writtenAt, receivedMicros) -> {
                if (deadline < 0) {
                    noDeadline.increment();
                } else if (shortened.contains(id)) {
                    shortenedLateness.recordMicros(receivedMicros - deadline * 1000);
                } else {
                    endToEnd.recordMicros(receivedMicros - deadline * 1000);
                    if (writtenAt >= 0) {
                        written.recordMicros((writtenAt - deadline) * 1000);
                        delivery.recordMicros(receivedMicros - writtenAt * 1000);
                    }
                }
                seen.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                received.increment();
            });
            BenchSystem.Expirer worker = system.startExpirer(200);

            // Idle timeouts spread evenly over the range, in random order over the threads.
            long[] idle = new long[sessions];
            SplittableRandom random = new SplittableRandom(42);
            for (int i = 0; i < sessions; i++) {
                idle[i] = minIdleMs + (maxIdleMs - minIdleMs) * i / Math.max(1, sessions - 1);
            }
            for (int i = sessions - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                long t = idle[i];
                idle[i] = idle[j];
                idle[j] = t;
            }
            List<String> ids = new ArrayList<>(sessions);
            long createStart = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(CREATE_THREADS);
            try {
                List<Future<String>> created = new ArrayList<>(sessions);
                for (int i = 0; i < sessions; i++) {
                    long ms = idle[i];
                    String user = WorkloadSession.user(i);
                    created.add(pool.submit(() -> system.createSignedIn(user, Duration.ofMillis(ms))));
                }
                for (Future<String> f : created) {
                    ids.add(f.get());
                }
            } finally {
                pool.shutdown();
            }
            double createSeconds = (System.nanoTime() - createStart) / 1e9;
            ctx.progress("%s: created %,d sessions in %.1f s; waiting for their expiry events", bench, sessions, createSeconds);
            if (createSeconds * 1000 > minIdleMs) {
                ctx.progress("warning: creating took longer than the shortest idle timeout");
            }

            long waitUntil = createStart + Duration.ofMillis(maxIdleMs).toNanos() + waitBound.toNanos();
            long lastReport = 0;
            while (received.sum() < sessions && System.nanoTime() < waitUntil) {
                Thread.sleep(50);
                if (System.nanoTime() - lastReport > 1_000_000_000L) {
                    lastReport = System.nanoTime();
                    ctx.progress("%s: %,d of %,d expiry events received", bench, received.sum(), sessions);
                }
            }
            if (system instanceof BenchSystem.Shortening s) {
                shorten(ctx, bench, s, shortened, seen);
            }
            // A moment for stray duplicates to show up.
            Thread.sleep(ctx.quick ? 500 : 2_000);
            subscription.close();
            worker.close();

            long missing = 0;
            List<String> all = new ArrayList<>(ids);
            all.addAll(shortened);
            for (String id : all) {
                if (!seen.containsKey(id)) {
                    missing++;
                }
            }
            long duplicates = 0;
            for (AtomicInteger n : seen.values()) {
                duplicates += Math.max(0, n.get() - 1);
            }
            long indexLeft = system.indexEntries(ctx.probe);
            long sessionsLeft = system.sessionKeys(ctx.probe);
            long deadIndexed = system.deadIndexEntries(ctx.probe);
            ctx.progress("%s: done: %,d received, %,d missing, %,d duplicates", bench, received.sum(), missing, duplicates);

            Histogram e2e = endToEnd.endPhase();
            Histogram w = written.endPhase();
            Histogram d = delivery.endPhase();
            results.add(bench, "create rate (16 threads; worker, subscriber running)", sessions / createSeconds, "/s");
            results.lateness(e2e);
            results.add(bench, "expired events received", received.sum(), "events");
            results.atMost(bench, "lateness p50, deadline -> handler call", Latencies.p(e2e, 50), "ms", 10);
            results.atMost(bench, "lateness p99, deadline -> handler call", Latencies.p(e2e, 99), "ms", 50);
            results.atMost(bench, "lateness max, deadline -> handler call", Latencies.max(e2e), "ms", 250);
            results.add(bench, "  of which deadline -> event written p50", Latencies.p(w, 50), "ms");
            results.add(bench, "  of which deadline -> event written p99", Latencies.p(w, 99), "ms");
            results.add(bench, "  of which deadline -> event written max", Latencies.max(w), "ms");
            results.add(bench, "  of which event written -> handler p99", Latencies.p(d, 99), "ms");
            if (!shortened.isEmpty()) {
                Histogram sh = shortenedLateness.endPhase();
                String what = String.format("idle cut to %d ms (%,d sessions)", SHORTENED_IDLE.toMillis(), shortened.size());
                results.atMost(bench, "lateness p99, " + what, Latencies.p(sh, 99), "ms", 50);
                results.atMost(bench, "lateness max, " + what, Latencies.max(sh), "ms", 250);
            }
            if (noDeadline.sum() > 0) {
                results.add(bench, "events without a deadline", noDeadline.sum(), "events");
            }
            results.atMost(bench, "duplicates (same session id twice)", duplicates, "events", 0);
            results.atMost(bench, "missing (no expired event by the wait bound)", missing, "sessions", 0);
            results.add(bench, "wait bound: how long after the last deadline", waitBound.toSeconds(), "s");
            results.atMost(bench, "dead sessions left in the principal index", orNaN(deadIndexed), "entries", 0);
            results.atMost(bench, "deadline index entries left", orNaN(indexLeft), "entries", 0);
            results.atMost(bench, "session data keys left", sessionsLeft, "keys", 0);
            system.dropKeys(ctx.probe);
        }
    }

    /**
     * The second phase: {@value #SHORTENED} sessions with a 10-minute idle timeout, each then cut
     * to {@link #SHORTENED_IDLE} at a random moment over 5 s, with nothing else due meanwhile.
     */
    private static void shorten(BenchContext ctx, String bench, BenchSystem.Shortening system, Set<String> shortened,
                                Map<String, AtomicInteger> seen) throws InterruptedException {
        List<String> ids = new ArrayList<>(SHORTENED);
        for (int i = 0; i < SHORTENED; i++) {
            ids.add(system.createSignedIn(WorkloadSession.user(i), Duration.ofMinutes(10)));
        }
        SplittableRandom random = new SplittableRandom(7);
        for (String id : ids) {
            Thread.sleep(random.nextInt(2 * 5_000 / SHORTENED));
            // Marked before the save, so that an event arriving at once is counted as shortened.
            shortened.add(id);
            system.shortenIdle(id, SHORTENED_IDLE);
        }
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!seen.keySet().containsAll(shortened) && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        ctx.progress("%s: cut the idle timeout of %,d sessions to %d ms", bench, shortened.size(), SHORTENED_IDLE.toMillis());
    }

    /** -1 means the system has no such thing: not applicable rather than zero. */
    private static double orNaN(long n) {
        return n < 0 ? Double.NaN : n;
    }
}
