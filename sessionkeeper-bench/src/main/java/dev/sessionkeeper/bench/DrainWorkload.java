package dev.sessionkeeper.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Drain: a large backlog of sessions all due at once, then one expiry worker; how fast it
 * expires them, and what ordinary requests running at the same time feel, against the same
 * requests measured before the drain while nothing else ran.
 *
 * <p>Sessions are created with no worker running and a short idle timeout, so that when the
 * worker starts every one of them is past its deadline. The expiry grace is long, so Redis's
 * own TTL does not remove any of them before the worker does.
 */
final class DrainWorkload implements Workload {

    private static final int CREATE_THREADS = 32;
    private static final int REQUEST_THREADS = 8;
    private static final int LIVE_SESSIONS = 1_000;
    private static final Duration DUE_IDLE = Duration.ofSeconds(2);

    private final int mainSessions;
    private final int requestRate;

    DrainWorkload(int mainSessions, int requestRate) {
        this.mainSessions = mainSessions;
        this.requestRate = requestRate;
    }

    @Override
    public String name() {
        return "drain";
    }

    @Override
    public void run(BenchContext ctx, BenchSystem.Factory factory, Results results) throws Exception {
        // The worker's default batch size first; the others show the trade-off around it.
        drain(ctx, factory, results, mainSessions, 100);
        if (!ctx.quick) {
            int extra = Math.min(mainSessions, 200_000);
            drain(ctx, factory, results, extra, 50);
            drain(ctx, factory, results, extra, 200);
        }
    }

    private void drain(BenchContext ctx, BenchSystem.Factory factory, Results results, int n, int batch) throws Exception {
        String bench = String.format("drain (batch %d, %,d sessions)", batch, n);
        String ns = ctx.freshNamespace("drain");
        BenchSystem.Options options = new BenchSystem.Options(false, 2_000_000, Duration.ofMinutes(30));
        // Two instances, as in a deployment: the application's (requests) and the worker's.
        try (BenchSystem.Backlog app = factory.open(ctx.redisUrl, ns, options, BenchSystem.Backlog.class);
             BenchSystem workerSide = factory.open(ctx.redisUrl, ns, options)) {
            List<String> live = new ArrayList<>(LIVE_SESSIONS);
            for (int i = 0; i < LIVE_SESSIONS; i++) {
                live.add(app.create(Duration.ofMinutes(30), "lastPage", "/"));
            }

            try (RequestLoad load = new RequestLoad(app, live, REQUEST_THREADS, requestRate).start();
                 RedisProbe.Pinger pinger = ctx.probe.startPinger()) {
                // Warm up, then the idle baseline: the ordinary load alone, before any backlog exists.
                Thread.sleep(ctx.quick ? 1_000 : 2_000);
                load.latencies().startPhase();
                RedisProbe.Stats idleStart = ctx.probe.stats();
                long idleRequestsStart = load.requests();
                Thread.sleep(ctx.quick ? 3_000 : 5_000);
                Histogram idle = load.latencies().endPhase();
                RedisProbe.Stats idleEnd = ctx.probe.stats();
                long idleRequests = load.requests() - idleRequestsStart;
                ctx.progress("%s: idle requests p50 %.2f ms, p99 %.2f ms", bench, Latencies.p(idle, 50), Latencies.p(idle, 99));

                // The backlog: created while the ordinary load goes on, with no worker running.
                ctx.progress("%s: creating %,d sessions with %d threads", bench, n, CREATE_THREADS);
                long memoryBefore = ctx.probe.stats().usedMemory();
                double createSeconds = create(ctx, app, n, bench);
                long memoryAfter = ctx.probe.stats().usedMemory();
                ctx.progress("%s: created in %.1f s (%,.0f/s)", bench, createSeconds, n / createSeconds);

                // The same load again with the backlog in Redis, still no worker, while it falls due.
                load.latencies().startPhase();
                Thread.sleep(ctx.quick ? 3_000 : 5_000);
                Histogram idleWithBacklog = load.latencies().endPhase();
                ctx.progress("%s: requests with the backlog present, no worker: p50 %.2f ms, p99 %.2f ms", bench,
                        Latencies.p(idleWithBacklog, 50), Latencies.p(idleWithBacklog, 99));

                long due = app.dueEntries(ctx.probe);
                while (due < n) {
                    Thread.sleep(100);
                    due = app.dueEntries(ctx.probe);
                }

                long slowBefore = ctx.probe.lastSlowlogId();
                load.latencies().startPhase();
                pinger.latencies().startPhase();
                RedisProbe.Stats drainStart = ctx.probe.stats();
                long drainRequestsStart = load.requests();
                long jvmCpuStart = processCpuNanos();
                long t0 = System.nanoTime();
                BenchSystem.Expirer worker = workerSide.startExpirer(batch);
                long peak = 0;
                long lastCount = 0;
                long lastTick = t0;
                AtomicLong end = new AtomicLong();
                long giveUp = t0 + Duration.ofMinutes(10).toNanos();
                while (true) {
                    Thread.sleep(5);
                    long now = System.nanoTime();
                    long expired = worker.expired();
                    if (expired >= n) {
                        end.set(now);
                        break;
                    }
                    if (now > giveUp) {
                        ctx.progress("%s: gave up after 10 minutes with %,d expired", bench, expired);
                        end.set(now);
                        break;
                    }
                    if (now - lastTick >= 1_000_000_000L) {
                        long rate = (expired - lastCount) * 1_000_000_000L / (now - lastTick);
                        peak = Math.max(peak, rate);
                        ctx.progress("%s: %,d expired (%,d/s), backlog %,d", bench, expired, rate, n - expired);
                        lastCount = expired;
                        lastTick = now;
                    }
                }
                double seconds = (end.get() - t0) / 1e9;
                Histogram during = load.latencies().endPhase();
                Histogram pings = pinger.latencies().endPhase();
                RedisProbe.Stats drainEnd = ctx.probe.stats();
                long jvmCpu = processCpuNanos() - jvmCpuStart;
                long drainRequests = load.requests() - drainRequestsStart;
                long batches = worker.batches();
                long expired = worker.expired();
                worker.close();
                long indexLeft = app.indexEntries(ctx.probe);
                List<RedisProbe.SlowEntry> slow = ctx.probe.slowlogSince(slowBefore);
                long slowThreshold = ctx.probe.slowlogThresholdMicros();
                slow.stream().sorted((a, b) -> Long.compare(b.micros(), a.micros())).limit(3).forEach(e ->
                        ctx.progress("%s: slow log: %.1f ms %s %s", bench, e.micros() / 1000.0, e.command(),
                                e.detail().length() > 60 ? e.detail().substring(0, 60) + "..." : e.detail()));
                long gone = load.gone();
                long errors = load.errors();
                ctx.progress("%s: drained %,d in %.2f s (%,.0f/s)", bench, expired, seconds, expired / seconds);

                // Script time: all script calls during the drain, less the requests' share at the idle rate.
                long[] idleEval = delta(idleStart.scripts(), idleEnd.scripts());
                long[] drainEval = delta(drainStart.scripts(), drainEnd.scripts());
                double requestUsecPerCall = idleEval[0] == 0 ? 0 : (double) idleEval[1] / idleEval[0];
                long requestCalls = drainRequests * idleEval[0] / Math.max(1, idleRequests);
                double workerUsec = drainEval[1] - requestCalls * requestUsecPerCall;
                long workerCalls = Math.max(1, drainEval[0] - requestCalls);
                double redisCpu = (drainEnd.cpuSeconds() - drainStart.cpuSeconds()) / drainEnd.secondsSince(drainStart);
                double p99Idle = Latencies.p(idle, 99);
                double p99Drain = Latencies.p(during, 99);

                results.add(bench, "create rate (32 threads, 1 attribute, no created event, load running)", n / createSeconds, "/s");
                results.add(bench, "Redis memory per due session", (double) (memoryAfter - memoryBefore) / n, "bytes");
                results.atLeast(bench, "expirations per second (whole drain)", expired / seconds, "/s", 50_000);
                results.add(bench, "best one-second rate", Math.max(peak, expired / seconds), "/s");
                results.add(bench, "drain time", seconds, "s");
                results.add(bench, "expiry scripts run (batches)", batches, "calls");
                results.add(bench, "Redis CPU during drain (1.0 = one core)", redisCpu, "cores");
                results.add(bench, "bench JVM CPU during drain (worker + requests)", jvmCpu / 1e9 / seconds, "cores");
                results.add(bench, "worker script time per call (due+expire, est.)", workerUsec / workerCalls / 1000.0, "ms");
                results.add(bench, "worker script time per session expired (est.)", workerUsec / Math.max(1, expired), "us");
                results.add(bench, String.format("slowlog entries > %d us during drain", slowThreshold), slow.size(), "entries");
                results.add(bench, "longest slowlog entry during drain",
                        slow.stream().mapToLong(RedisProbe.SlowEntry::micros).max().orElse(0) / 1000.0, "ms");
                results.add(bench, String.format("requests: idle (%,d req/s, 8 threads)", requestRate), idleRequests, "requests");
                results.add(bench, "request p50 idle", Latencies.p(idle, 50), "ms");
                results.add(bench, "request p99 idle", p99Idle, "ms");
                results.add(bench, "request p99 after creating the backlog, no worker yet", Latencies.p(idleWithBacklog, 99), "ms");
                results.add(bench, "requests during drain", drainRequests, "requests");
                results.add(bench, "request p50 during drain", Latencies.p(during, 50), "ms");
                results.add(bench, "request p99 during drain", p99Drain, "ms");
                results.add(bench, "request max during drain", Latencies.max(during), "ms");
                results.add(bench, "PING p99 during drain (own connection, 1 per ms)", Latencies.p(pings, 99), "ms");
                results.add(bench, "PING max during drain", Latencies.max(pings), "ms");
                results.below(bench, "request p99 drain / idle", p99Drain / p99Idle, "x", 2);
                if (gone + errors > 0) {
                    results.add(bench, "requests that failed or found the session gone", gone + errors, "requests");
                }
                results.atMost(bench, "drained sessions left on the due index", indexLeft - LIVE_SESSIONS, "entries", 0);
            }
            app.dropKeys(ctx.probe);
        }
    }

    private double create(BenchContext ctx, BenchSystem.Backlog system, int n, String bench) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < CREATE_THREADS; t++) {
            Thread thread = new Thread(() -> {
                while (next.getAndIncrement() < n) {
                    try {
                        system.create(DUE_IDLE, "cart", "[1,2,3]");
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                    }
                }
            }, "bench-create-" + t);
            threads.add(thread);
            thread.start();
        }
        long lastReport = System.nanoTime();
        for (Thread t : threads) {
            while (t.isAlive()) {
                t.join(200);
                if (System.nanoTime() - lastReport > 5_000_000_000L) {
                    lastReport = System.nanoTime();
                    ctx.progress("%s: %,d created", bench, Math.min(n, next.get()));
                }
            }
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " creates failed");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static long[] delta(long[] x, long[] y) {
        return new long[] {y[0] - x[0], y[1] - x[1]};
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return 0;
    }
}
