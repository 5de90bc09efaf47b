package dev.sessionkeeper.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * The web part of the benchmark workload, in one namespace so each phase uses what the one before
 * made: <b>create</b> (signed-in sessions with the five workload attributes, 5 per user, 16
 * threads), <b>memory</b> (Redis's {@code used_memory} before and after, per session),
 * <b>request</b> (load, read 2 attributes, change 1 in 20 % of requests, save; 16 threads) and
 * <b>lookup</b> ({@code sessionsOf(user)}, 16 threads). Threads run closed-loop, as fast as the
 * system answers: these are throughput figures, and latency is each call's own time.
 *
 * <p>Two counts per operation, each a difference over the phase:
 * <ul>
 *   <li><b>round trips</b>: what the system's client sent. Counted in the client where it can be
 *       observed (Spring Session: a Lettuce {@code CommandListener} on its connection factory);
 *       sessionkeeper's client is internal to its store, so there it is the script calls
 *       (FCALL, EVALSHA, EVAL) Redis counted (INFO commandstats), which are all it sends on these paths;</li>
 *   <li><b>Redis commands</b>: INFO {@code total_commands_processed}, which counts the commands a
 *       script runs too, less the probe's own INFO call.</li>
 * </ul>
 * Nothing else uses the Redis meanwhile except each system's own background work (Spring
 * Session's keyspace listener, which sends nothing, and its cleanup task once a minute).
 */
final class WebWorkload implements Workload {

    private static final int THREADS = 16;
    private static final double CHANGE_SHARE = 0.2;
    private static final int WARM_SESSIONS = 2_000;
    static final int WARM_REQUESTS = 20_000;
    private static final int WARM_LOOKUPS = 4_000;

    @Override
    public String name() {
        return "web";
    }

    @Override
    public void run(BenchContext ctx, BenchSystem.Factory factory, Results results) throws Exception {
        int sessions = ctx.quick ? 2_000 : 20_000;
        int requests = ctx.quick ? 10_000 : 100_000;
        int lookups = ctx.quick ? 2_000 : 20_000;
        int users = sessions / WorkloadSession.SESSIONS_PER_USER;
        String create = String.format("create (%,d sessions, 5 attributes, 5 per user, %d threads)", sessions, THREADS);
        String memory = String.format("memory (after creating %,d sessions)", sessions);
        String request = String.format("request (%,d requests, 20%% change one attribute, %d threads)", requests, THREADS);
        String split = "request, one kind at a time (1,000 each, 1 thread)";
        String lookup = String.format("lookup (%,d sessionsOf(user), %d threads)", lookups, THREADS);

        try (BenchSystem.Web system = factory.open(ctx.redisUrl, ctx.freshNamespace("web"), BenchSystem.Options.defaults(),
                BenchSystem.Web.class)) {
            // Warm-ups, the same size in both modes, so that the JIT has compiled each path before it
            // is measured. One scaled down with the phase (1,000 requests in --quick) left a quick
            // phase mostly to the JIT: its client CPU and requests/s were several times a full run's
            // (docs/benchmarks.md). The warm-up sessions belong to principals no lookup asks for, and
            // exist before the memory figure's first reading.
            ctx.progress("%s: warming up the create path", factory.name());
            String[] warm = new String[WARM_SESSIONS];
            run(WARM_SESSIONS, i -> warm[i] = system.createSignedIn(WorkloadSession.user(sessions + i), Duration.ofMinutes(30)));

            ctx.progress("%s: %s", factory.name(), create);
            String[] ids = new String[sessions];
            Counts before = Counts.take(ctx, system);
            Phase created = run(sessions, i -> ids[i] = system.createSignedIn(WorkloadSession.user(i), Duration.ofMinutes(30)));
            Counts after = Counts.take(ctx, system);
            record(results, create, "sessions created per second", created, after.minus(before), sessions, "creates");
            results.add(create, "create p50", Latencies.p(created.latencies, 50), "ms");
            results.add(create, "create p99", Latencies.p(created.latencies, 99), "ms");
            results.atMost(memory, "Redis memory per session (used_memory delta)",
                    (double) (after.usedMemory - before.usedMemory) / sessions, "bytes", 600);

            ctx.progress("%s: warming up the request path", factory.name());
            run(WARM_REQUESTS, i -> system.webRequest(warm[i % WARM_SESSIONS], i % 5 == 0));

            ctx.progress("%s: %s", factory.name(), request);
            AtomicInteger gone = new AtomicInteger();
            before = Counts.take(ctx, system);
            Phase served = run(requests, i -> {
                SplittableRandom r = new SplittableRandom(i * 0x9E3779B97F4A7C15L);
                if (!system.webRequest(ids[r.nextInt(sessions)], r.nextDouble() < CHANGE_SHARE)) {
                    gone.incrementAndGet();
                }
            });
            after = Counts.take(ctx, system);
            record(results, request, "requests per second", served, after.minus(before), requests, "requests");
            results.add(request, "request p50", Latencies.p(served.latencies, 50), "ms");
            results.atMost(request, "request p99", Latencies.p(served.latencies, 99), "ms", 1);
            results.add(request, "request max", Latencies.max(served.latencies), "ms");
            if (gone.get() > 0) {
                results.add(request, "requests that found their session gone", gone.get(), "requests");
            }

            // The two kinds apart, one thread, so each count is exact per kind.
            for (boolean change : new boolean[] {false, true}) {
                String kind = change ? "changed request" : "unchanged request";
                before = Counts.take(ctx, system);
                for (int i = 0; i < 1_000; i++) {
                    system.webRequest(ids[i % sessions], change);
                }
                Counts d = Counts.take(ctx, system).minus(before);
                results.atMost(split, kind + ": round trips", d.roundTrips / 1_000.0, "per request", change ? 2 : 1);
                results.add(split, kind + ": Redis commands", d.commands / 1_000.0, "per request");
            }

            ctx.progress("%s: warming up the lookup path", factory.name());
            run(WARM_LOOKUPS, i -> system.sessionsOf(WorkloadSession.user(sessions + (i * WorkloadSession.SESSIONS_PER_USER)
                    % WARM_SESSIONS)));

            ctx.progress("%s: %s", factory.name(), lookup);
            AtomicInteger wrong = new AtomicInteger();
            before = Counts.take(ctx, system);
            Phase looked = run(lookups, i -> {
                if (system.sessionsOf("user-" + new SplittableRandom(i).nextInt(users)) != WorkloadSession.SESSIONS_PER_USER) {
                    wrong.incrementAndGet();
                }
            });
            after = Counts.take(ctx, system);
            record(results, lookup, "lookups per second", looked, after.minus(before), lookups, "lookups");
            results.add(lookup, "lookup p50", Latencies.p(looked.latencies, 50), "ms");
            results.add(lookup, "lookup p99", Latencies.p(looked.latencies, 99), "ms");
            results.atMost(lookup, "lookups that did not list exactly the user's 5 sessions", wrong.get(), "lookups", 0);

            system.dropKeys(ctx.probe);
        }
    }

    private static void record(Results results, String bench, String rateMetric, Phase phase, Counts d, int n, String what) {
        String one = what.substring(0, what.length() - 1);
        results.add(bench, rateMetric, n / phase.seconds, "/s");
        results.add(bench, "round trips per " + one, d.roundTrips / (double) n, "calls");
        results.add(bench, "Redis commands per " + one, d.commands / (double) n, "commands");
        // What bounds the rate: Redis's one core, or the benchmark's JVM (client + 16 threads).
        // (Redis's CPU rather than commandstats time: a script's time and its commands' time are
        // both in commandstats, so summing it would count sessionkeeper's commands twice.)
        results.add(bench, "Redis CPU per " + one, d.redisCpuSeconds * 1e6 / n, "us");
        results.add(bench, "bench JVM CPU per " + one + " (client, 16 threads, the workload's own code)",
                d.jvmCpuNanos / 1e3 / n, "us");
        results.add(bench, "Redis CPU during the phase (1.0 = one core)", d.redisCpuSeconds / phase.seconds, "cores");
        results.add(bench, "bench JVM CPU during the phase", d.jvmCpuNanos / 1e9 / phase.seconds, "cores");
    }

    /** One operation of a phase, given its index (also {@link SpringFilterWorkload}'s). */
    @FunctionalInterface
    interface Operation {
        void run(int i);
    }

    /** A phase's wall-clock time and each operation's latency. */
    record Phase(double seconds, Histogram latencies) {
    }

    /** n operations spread over {@link #THREADS} threads, as fast as they complete. */
    static Phase run(int n, Operation op) throws InterruptedException {
        Latencies latencies = new Latencies();
        AtomicInteger next = new AtomicInteger();
        LongAdder failures = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        RuntimeException[] first = new RuntimeException[1];
        long start = System.nanoTime();
        for (int t = 0; t < THREADS; t++) {
            Thread thread = new Thread(() -> {
                int i;
                while ((i = next.getAndIncrement()) < n) {
                    long t0 = System.nanoTime();
                    try {
                        op.run(i);
                    } catch (RuntimeException e) {
                        failures.increment();
                        synchronized (first) {
                            if (first[0] == null) {
                                first[0] = e;
                            }
                        }
                    }
                    latencies.recordMicros((System.nanoTime() - t0) / 1000);
                }
            }, "bench-web-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failures.sum() > 0) {
            throw new IllegalStateException(failures.sum() + " operations failed; the first: " + first[0], first[0]);
        }
        return new Phase(seconds, latencies.endPhase());
    }

    /** The counters a phase is measured by, at one instant. */
    record Counts(long roundTrips, long commands, long usedMemory, double redisCpuSeconds, long jvmCpuNanos) {

        static Counts take(BenchContext ctx, BenchSystem system) {
            long client = system.clientCommands();
            long jvm = processCpuNanos();
            RedisProbe.Stats s = ctx.probe.stats();
            long calls = client >= 0 ? client : s.scripts()[0];
            return new Counts(calls, s.totalCommands(), s.usedMemory(), s.cpuSeconds(), jvm);
        }

        /** This minus an earlier count; the earlier count's own INFO call is not the system's. */
        Counts minus(Counts earlier) {
            return new Counts(roundTrips - earlier.roundTrips, commands - earlier.commands - 1, usedMemory,
                    redisCpuSeconds - earlier.redisCpuSeconds,
                    jvmCpuNanos - earlier.jvmCpuNanos);
        }

        private static long processCpuNanos() {
            if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    instanceof com.sun.management.OperatingSystemMXBean os) {
                return os.getProcessCpuTime();
            }
            return 0;
        }
    }
}
