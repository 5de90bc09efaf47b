package dev.sessionkeeper.bench;

import dev.sessionkeeper.LimitPolicy;
import dev.sessionkeeper.Session;
import dev.sessionkeeper.SessionLimitExceededException;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.SessionStoreBuilder;
import dev.sessionkeeper.testkit.ScriptCalls;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * One principal with very many sessions (100,000; {@code --quick} 20,000): how long one script
 * call holds Redis while listing them, signing in under a limit and logging out everywhere. Redis
 * runs one script at a time, so the longest call is what every other client may wait behind.
 * Measured by Redis itself (script time as Redis counts it, without the network): the slow log,
 * reset before each phase with a threshold of 200 us, gives the longest call; INFO commandstats
 * the number of calls and their mean; INFO cpu the CPU time Redis spent per call (everything it
 * did in the phase, divided by the script calls). Slow log and commandstats count wall time, which
 * on a busy machine includes the time the Redis process waited for a core; CPU time does not, and
 * since every call of a phase does a bounded page of work, the CPU per call is what one call holds
 * Redis on a machine where it has a core. (A slow log threshold of 0 would also log every command
 * inside the scripts on Redis 7, which slows the scripts it measures.)
 */
final class PrincipalScaleWorkload implements Workload {

    private static final String PRINCIPAL = "heavy-user";

    @Override
    public String name() {
        return "principal";
    }

    @Override
    public void run(BenchContext ctx, BenchSystem.Factory factory, Results results) throws Exception {
        int n = ctx.quick ? 20_000 : 100_000;
        String bench = String.format("one principal with %,d sessions", n);
        String namespace = ctx.freshNamespace("principal");
        long threshold = ctx.probe.slowlogThresholdMicros();
        if (threshold < 0) {
            ctx.progress("%s: skipped, CONFIG is not allowed on this Redis (the slow log measures it)", bench);
            return;
        }
        try (SessionStore store = store(ctx, namespace, b -> { })) {
            ctx.progress("%s: signing in %,d sessions of one principal", bench, n);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> futures = new ArrayList<>();
            Phase fill = Phase.begin(ctx);
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    while (next.getAndIncrement() < n) {
                        Session s = store.newSession();
                        s.set("userAgent", "bench");
                        store.login(s, PRINCIPAL);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            Longest signIns = fill.end(ctx);
            // The floor of this measurement on a busy machine: a sign-in's script is tiny, so its longest
            // call shows what preemption of the Redis process adds to any call.
            results.add(bench, "longest script: sign-in, no limit", signIns.millis, "ms");
            results.add(bench, "sign-in, no limit: Redis CPU per script call", signIns.cpuMillis, "ms");

            walk(ctx, results, bench, "sessionsOf", "listed", "whole listing",
                    () -> store.sessionsOf(PRINCIPAL, "userAgent").size());

            for (LimitPolicy policy : LimitPolicy.values()) {
                try (SessionStore limited = store(ctx, namespace, b -> b.maxSessionsPerPrincipal(3, policy))) {
                    Session anonymous = limited.newSession();
                    anonymous.set("cart", List.of("apple"));
                    limited.save(anonymous);
                    Phase signInPhase = Phase.begin(ctx);
                    String outcome;
                    try {
                        limited.login(anonymous, PRINCIPAL);
                        outcome = "admitted";
                    } catch (SessionLimitExceededException refused) {
                        outcome = "refused";
                    }
                    Longest signIn = signInPhase.end(ctx);
                    ctx.progress("%s: sign-in at a limit of 3 (%s): %s, %d script calls, CPU %.3f ms each, longest %.2f ms",
                            bench, policy, outcome, signIn.calls, signIn.cpuMillis, signIn.millis);
                    results.add(bench, "longest script: sign-in at a limit of 3, " + policy, signIn.millis, "ms");
                    results.atMost(bench, "sign-in at a limit of 3, " + policy + ": Redis CPU per script call",
                            signIn.cpuMillis, "ms", 5);
                }
            }

            walk(ctx, results, bench, "logoutEverywhere", "ended", "whole logout",
                    () -> store.logoutEverywhere(PRINCIPAL));
        } finally {
            ctx.probe.restoreSlowlogThreshold(threshold);
            ctx.probe.deleteKeys(namespace + ":*");
        }
    }

    /**
     * Listing and logging out everywhere both walk the principal's index page by page: what one
     * such walk costs as a whole, and what its longest and average page held Redis.
     */
    private static void walk(BenchContext ctx, Results results, String bench, String operation, String verb,
            String whole, IntSupplier run) {
        Phase phase = Phase.begin(ctx);
        long t0 = System.nanoTime();
        int sessions = run.getAsInt();
        double ms = (System.nanoTime() - t0) / 1e6;
        Longest calls = phase.end(ctx);
        ctx.progress("%s: %s %s %,d in %.0f ms, %,d script calls, CPU %.3f ms each, longest %.2f ms",
                bench, operation, verb, sessions, ms, calls.calls, calls.cpuMillis, calls.millis);
        results.add(bench, operation + ": sessions " + verb, sessions, "sessions");
        results.add(bench, operation + ": " + whole, ms, "ms");
        results.add(bench, operation + ": script calls", calls.calls, "calls");
        results.add(bench, operation + ": mean script call", calls.meanMillis, "ms");
        results.add(bench, operation + ": p99 script call", calls.p99Millis, "ms");
        results.atMost(bench, operation + ": Redis CPU per script call", calls.cpuMillis, "ms", 5);
        results.add(bench, "longest script: " + operation, calls.millis, "ms");
    }

    private static SessionStore store(BenchContext ctx, String namespace, Consumer<SessionStoreBuilder> config) {
        SessionStoreBuilder b = SessionStore.builder()
                .redis(ctx.redisUrl)
                .namespace(namespace)
                .shards(SessionkeeperSystem.SHARDS)
                .idleTimeout(Duration.ofMinutes(30))
                .createdEvents(false)
                .commandTimeout(Duration.ofSeconds(10))
                .codec(WorkloadSession.codec());
        config.accept(b);
        return b.build();
    }

    /** Slow log threshold during a phase: low enough to catch any call near the bound. */
    private static final long THRESHOLD_MICROS = 200;

    /**
     * The longest script call of a phase (from the slow log, kept from {@value #THRESHOLD_MICROS} us
     * on; 0 when none took that long), how many there were and their mean (INFO commandstats).
     */
    private record Longest(double millis, long calls, double meanMillis, double p99Millis, double cpuMillis) {
    }

    private record Phase(long[] before, double cpuBefore) {
        static Phase begin(BenchContext ctx) {
            ctx.probe.slowlogFrom(THRESHOLD_MICROS);
            RedisProbe.Stats stats = ctx.probe.stats();
            return new Phase(scripts(stats), stats.cpuSeconds());
        }

        Longest end(BenchContext ctx) {
            RedisProbe.Stats stats = ctx.probe.stats();
            long[] after = scripts(stats);
            double cpu = stats.cpuSeconds() - cpuBefore;
            List<RedisProbe.SlowEntry> entries = ctx.probe.slowlogSince(-1);
            long[] micros = entries.stream().filter(PrincipalScaleWorkload::isScript).mapToLong(RedisProbe.SlowEntry::micros)
                    .sorted().toArray();
            long max = micros.length == 0 ? 0 : micros[micros.length - 1];
            if (entries.size() >= 10_000) {
                ctx.progress("slow log full (10,000 entries): the longest call may be older than what it kept");
            }
            long calls = after[0] - before[0];
            // Calls under the threshold are not in the slow log: rank among all calls, not the logged ones.
            long rank = (long) Math.ceil(calls * 0.99);
            long skipped = calls - micros.length;
            double p99 = rank <= skipped ? THRESHOLD_MICROS / 1000.0 : micros[(int) (rank - skipped - 1)] / 1000.0;
            return new Longest(max / 1000.0, calls, calls == 0 ? 0 : (after[1] - before[1]) / 1000.0 / calls, p99,
                    calls == 0 ? 0 : cpu * 1000 / calls);
        }

        private static long[] scripts(RedisProbe.Stats stats) {
            return stats.scripts();
        }
    }

    private static boolean isScript(RedisProbe.SlowEntry e) {
        return ScriptCalls.SCRIPT_COMMANDS.contains(e.command());
    }
}
