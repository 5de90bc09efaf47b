package dev.sessionkeeper.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * <p>It waits for the last event up to the system's own {@linkplain BenchSystem.Factory#expiryWaitBound()
 * bound} past the last deadline; {@code --quick} cuts that to 5 s, so a system whose events
 * come later (Spring Session's cleanup runs once a minute) shows them as missing there.
 */
final class ExpiryLatenessWorkload implements Workload {

    private static final int CREATE_THREADS = 16;

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
        Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        LongAdder received = new LongAdder();
        LongAdder noDeadline = new LongAdder();

        Duration waitBound = ctx.quick ? Duration.ofSeconds(5) : factory.expiryWaitBound();
        String ns = ctx.freshNamespace("expiry");
        try (BenchSystem system = factory.open(ctx.redisUrl, ns, BenchSystem.Options.defaults())) {
            AutoCloseable subscription = system.subscribeExpired("bench", (id, deadline, writtenAt, receivedMicros) -> {
                if (deadline < 0) {
                    noDeadline.increment();
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
            // A moment for stray duplicates to show up.
            Thread.sleep(ctx.quick ? 500 : 2_000);
            subscription.close();
            worker.close();

            long missing = 0;
            for (String id : ids) {
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

    /** -1 means the system has no such thing: not applicable rather than zero. */
    private static double orNaN(long n) {
        return n < 0 ? Double.NaN : n;
    }
}
