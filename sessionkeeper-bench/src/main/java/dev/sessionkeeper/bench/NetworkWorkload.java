package dev.sessionkeeper.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The network's share: the web workload's create, request and lookup through a {@link DelayProxy}
 * that adds a fixed delay each way between the system's client and Redis, as a network between
 * application servers and Redis does. On loopback a round trip costs a few µs of wire time, so
 * the web benchmark hides what 7 round trips per request cost against 1; here each is about
 * {@code 2 x delay} more. Reported per system: operations per second in all and per client
 * thread, round trips, and latency; and the round trip the proxy actually gave (PING through it).
 * The benchmark's probe watches Redis directly, past the proxy.
 */
final class NetworkWorkload implements Workload {

    private final long delayMicros;
    private final int threads;

    NetworkWorkload(long delayMicros, int threads) {
        this.delayMicros = delayMicros;
        this.threads = threads;
    }

    @Override
    public String name() {
        return "network";
    }

    @Override
    public void run(BenchContext ctx, BenchSystem.Factory factory, Results results) throws Exception {
        int sessions = ctx.quick ? 1_000 : 5_000;
        int requests = ctx.quick ? 5_000 : 20_000;
        int lookups = ctx.quick ? 1_000 : 5_000;
        int users = sessions / WorkloadSession.SESSIONS_PER_USER;
        String bench = String.format("network (+%.2f ms each way, %d threads; %,d creates, %,d requests, %,d lookups)",
                delayMicros / 1000.0, threads, sessions, requests, lookups);
        RedisURI direct = RedisURI.create(ctx.redisUrl);
        try (DelayProxy proxy = new DelayProxy(direct.getHost(), direct.getPort(), delayMicros * 1000)) {
            RedisURI through = RedisURI.create(ctx.redisUrl);
            through.setHost("127.0.0.1");
            through.setPort(proxy.port());
            String url = through.toURI().toString();
            results.add(bench, "round trip through the proxy (PING p50)", pingP50(through), "ms");
            try (BenchSystem.Web system = factory.open(url, ctx.freshNamespace("net"), BenchSystem.Options.defaults(),
                    BenchSystem.Web.class)) {
                ctx.progress("%s: %s", factory.name(), bench);
                String[] ids = new String[sessions];
                long calls = system.clientCommands();
                long redisCalls = scriptCalls(ctx);
                ClosedLoop.Phase created = ClosedLoop.run(sessions, threads,
                        i -> ids[i] = system.createSignedIn(WorkloadSession.user(i), Duration.ofMinutes(30)));
                report(results, bench, "create", sessions, created, roundTrips(ctx, system, calls, redisCalls) / sessions);

                calls = system.clientCommands();
                redisCalls = scriptCalls(ctx);
                ClosedLoop.Phase served = ClosedLoop.run(requests, threads, i -> {
                    SplittableRandom r = new SplittableRandom(i * 0x9E3779B97F4A7C15L);
                    system.webRequest(ids[r.nextInt(sessions)], r.nextDouble() < 0.2);
                });
                report(results, bench, "request", requests, served, roundTrips(ctx, system, calls, redisCalls) / requests);

                AtomicInteger wrong = new AtomicInteger();
                calls = system.clientCommands();
                redisCalls = scriptCalls(ctx);
                ClosedLoop.Phase looked = ClosedLoop.run(lookups, threads, i -> {
                    if (system.sessionsOf("user-" + new SplittableRandom(i).nextInt(users)) != WorkloadSession.SESSIONS_PER_USER) {
                        wrong.incrementAndGet();
                    }
                });
                report(results, bench, "lookup", lookups, looked, roundTrips(ctx, system, calls, redisCalls) / lookups);
                if (wrong.get() > 0) {
                    results.add(bench, "lookups that did not list exactly the user's 5 sessions", wrong.get(), "lookups");
                }
                system.dropKeys(ctx.probe);
            }
        }
    }

    private void report(Results results, String bench, String what, int n, ClosedLoop.Phase phase, double roundTrips) {
        double rate = n / phase.seconds();
        results.add(bench, what + "s/s, all client threads", rate, "/s");
        results.add(bench, what + "s/s per client thread", rate / threads, "/s");
        results.add(bench, what + " round trips", roundTrips, "calls");
        results.add(bench, what + " p50", Latencies.p(phase.latencies(), 50), "ms");
        results.add(bench, what + " p99", Latencies.p(phase.latencies(), 99), "ms");
    }

    /** The system's client count where it has one, else the script calls Redis counted (sessionkeeper). */
    private static double roundTrips(BenchContext ctx, BenchSystem system, long clientBefore, long scriptsBefore) {
        long client = system.clientCommands();
        return client >= 0 ? client - clientBefore : scriptCalls(ctx) - scriptsBefore;
    }

    private static long scriptCalls(BenchContext ctx) {
        RedisProbe.Stats s = ctx.probe.stats();
        return s.scripts()[0];
    }

    private static double pingP50(RedisURI through) {
        RedisClient client = RedisClient.create(through);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            for (int i = 0; i < 200; i++) {
                c.sync().ping(); // warm-up: the first calls of a JVM are slow for reasons of its own
            }
            Latencies l = new Latencies();
            for (int i = 0; i < 300; i++) {
                long t0 = System.nanoTime();
                c.sync().ping();
                l.recordMicros((System.nanoTime() - t0) / 1000);
            }
            return Latencies.p(l.endPhase(), 50);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
