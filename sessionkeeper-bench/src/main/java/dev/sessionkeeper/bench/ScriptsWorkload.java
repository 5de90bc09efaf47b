package dev.sessionkeeper.bench;

import dev.sessionkeeper.DestroyReason;
import dev.sessionkeeper.expiry.ExpiryWorker;
import dev.sessionkeeper.SaveResult;
import dev.sessionkeeper.Session;
import dev.sessionkeeper.SessionStore;
import java.time.Duration;
import java.util.Map;

/**
 * What each of sessionkeeper's scripts costs Redis, one operation at a time: each operation of
 * the public API runs many times on sessions prepared beforehand (the web workload's signed-in
 * sessions, 5 per user), and the phase is measured by {@code INFO all} before and after:
 * Redis CPU ({@code used_cpu}), commands, and {@code INFO commandstats}, where EVALSHA's time
 * is the whole script and the commands inside it are also counted under their own names.
 *
 * <p>It goes through the public API, not the scripts' names or SHAs, so it keeps measuring
 * whatever the engine runs for an operation when the scripts change: "script calls per
 * operation" says how many calls that is (1 for each operation but rotate). The floor
 * ({@link BareSystem}) runs the operations it has under the same names, so the table's
 * "sessionkeeper / bare" column is each script's cost against the plain commands.
 */
final class ScriptsWorkload implements Workload {

    private static final int THREADS = 8;

    static final String CREATE_SIGNED_IN = "create signed in (sk: login of a new session, rotate_in.lua; bare: HSET + SADD)";
    static final String FIND = "unchanged request (sk: find, find.lua; bare: HGETALL + HSET)";
    static final String SAVE = "save of one attribute (sk: save.lua; bare: HSET)";
    static final String SESSIONS_OF = "sessionsOf, 5 sessions (sk: sessions_of.lua; bare: SMEMBERS + 5 HGET)";

    @Override
    public String name() {
        return "scripts";
    }

    @Override
    public void run(BenchContext ctx, BenchSystem.Factory factory, Results results) throws Exception {
        int n = ctx.quick ? 2_000 : 20_000;
        int prepared = Math.min(n / 2, 2_000);
        String namespace = ctx.freshNamespace("scripts");
        if (factory == BareSystem.FACTORY) {
            try (BareSystem bare = (BareSystem) factory.open(ctx.redisUrl, namespace, BenchSystem.Options.defaults())) {
                floor(ctx, results, bare, n, prepared);
                bare.dropKeys(ctx.probe);
            }
            return;
        }
        try (SessionStore store = SessionkeeperSystem.builder(ctx.redisUrl, namespace, BenchSystem.Options.defaults()).build()) {
            scripts(ctx, results, store, n, prepared);
            ctx.probe.deleteKeys(namespace + ":*");
        }
    }

    private void floor(BenchContext ctx, Results results, BareSystem bare, int n, int prepared) throws Exception {
        String[] ids = new String[n];
        measure(ctx, results, label(CREATE_SIGNED_IN, n), n, i -> ids[i] = bare.createSignedIn(WorkloadSession.user(i),
                Duration.ofMinutes(30)));
        measure(ctx, results, label(FIND, n), n, i -> bare.webRequest(ids[i % prepared], false));
        measure(ctx, results, label(SAVE, n), n, i -> bare.save(ids[i % prepared], WorkloadSession.LAST_PAGE, "/page/" + i));
        int users = prepared / WorkloadSession.SESSIONS_PER_USER;
        measure(ctx, results, label(SESSIONS_OF, n), n, i -> expect(5, bare.sessionsOf("user-" + i % users)));
        // The cost of a script call itself, and of find's Redis work as a script without its guarantees.
        measure(ctx, results, label("script floor: EVALSHA of an empty script (return 1)", n), n, i -> bare.emptyScript());
        measure(ctx, results, label("script floor: EVALSHA of HGETALL + TIME + HSET of the last access, returning the hash", n),
                n, i -> bare.scriptedRequest(ids[i % prepared]));
    }

    private void scripts(BenchContext ctx, Results results, SessionStore store, int n, int prepared) throws Exception {
        ctx.progress("scripts: each operation %,d times, %d threads", n, THREADS);
        Session[] signedIn = new Session[n];
        measure(ctx, results, label(CREATE_SIGNED_IN, n), n, i -> signedIn[i] = signIn(store, i));
        measure(ctx, results, label("create anonymous (sk: save of a new session, create.lua)", n), n, i -> {
            Session s = store.newSession();
            WorkloadSession.attributes().forEach(s::set);
            expect(SaveResult.SAVED, store.save(s));
        });
        measure(ctx, results, label(FIND, n), n, i -> store.find(signedIn[i % prepared].id()).orElseThrow());

        // One loaded session per thread and per prepared slot, saved again and again: each save
        // changes one attribute of a session loaded before the phase.
        Session[] loaded = new Session[prepared];
        for (int i = 0; i < prepared; i++) {
            loaded[i] = store.find(signedIn[i].id()).orElseThrow();
        }
        measure(ctx, results, label(SAVE, n), n, i -> {
            Session s = loaded[i % prepared];
            s.set(WorkloadSession.LAST_PAGE, "/page/" + i);
            expect(SaveResult.SAVED, store.save(s));
        });
        measure(ctx, results, label("exists (sk: exists.lua)", n), n, i -> expect(true, store.exists(signedIn[i % prepared].id())));
        int users = prepared / WorkloadSession.SESSIONS_PER_USER;
        measure(ctx, results, label(SESSIONS_OF, n), n, i -> expect(5, store.sessionsOf("user-" + i % users).size()));

        // The rest end sessions: each on sessions of its own, beyond the prepared ones.
        measure(ctx, results, label("rotate (sk: rotate_out.lua + rotate_in.lua)", n - prepared), n - prepared,
                i -> store.rotate(signedIn[prepared + i]));
        Session[] victims = new Session[n];
        for (int i = 0; i < n; i++) {
            victims[i] = signIn(store, i);
        }
        measure(ctx, results, label("destroy (sk: destroy.lua)", n), n,
                i -> expect(true, store.destroy(victims[i].id(), DestroyReason.LOGOUT)));
        // Users of their own for logoutEverywhere: user-le-<k> holds 5 sessions.
        int everywhere = n / WorkloadSession.SESSIONS_PER_USER;
        for (int i = 0; i < n; i++) {
            Session s = store.newSession();
            WorkloadSession.attributes().forEach(s::set);
            store.login(s, "user-le-" + i / WorkloadSession.SESSIONS_PER_USER);
        }
        measure(ctx, results, label("logoutEverywhere, 5 sessions (sk: logout_all.lua)", everywhere), everywhere,
                i -> expect(5, store.logoutEverywhere("user-le-" + i)));

        expireBatch(ctx, results, store, n);
    }

    /** n due signed-in sessions drained by one worker at its default batch size: due.lua + expire.lua. */
    private void expireBatch(BenchContext ctx, Results results, SessionStore store, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            Session s = store.newSession();
            s.setIdleTimeout(Duration.ofSeconds(1));
            WorkloadSession.attributes().forEach(s::set);
            store.login(s, "user-exp-" + i / WorkloadSession.SESSIONS_PER_USER);
        }
        Thread.sleep(1_500);
        String bench = String.format("expiry, per expired session (sk: due.lua + expire.lua, worker batch 100, %,d sessions)", n);
        CommandCosts before = CommandCosts.of(ctx.probe.stats());
        long start = System.nanoTime();
        long batches;
        try (ExpiryWorker worker = store.expiryWorker().batchSize(100).maxSleep(Duration.ofSeconds(1)).start()) {
            long bound = System.nanoTime() + 120_000_000_000L;
            while (worker.stats().expired() < n && System.nanoTime() < bound) {
                Thread.sleep(20);
            }
            if (worker.stats().expired() < n) {
                throw new IllegalStateException("the worker expired " + worker.stats().expired() + " of " + n + " in 120 s");
            }
            batches = worker.stats().batches();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        CommandCosts d = CommandCosts.of(ctx.probe.stats()).minus(before);
        report(results, bench, n, d);
        results.add(bench, "expirations per second", n / seconds, "/s");
        results.add(bench, "script calls per worker batch (due.lua and expire.lua per shard, heartbeats)",
                d.scriptCalls() / (double) batches, "calls");
    }

    private static Session signIn(SessionStore store, int i) {
        Session s = store.newSession();
        s.setIdleTimeout(Duration.ofMinutes(30));
        WorkloadSession.attributes().forEach(s::set);
        return store.login(s, WorkloadSession.user(i));
    }

    private static String label(String what, int n) {
        return String.format("%s [%,d calls, %d threads]", what, n, THREADS);
    }

    private static void expect(Object expected, Object actual) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException("expected " + expected + ", got " + actual);
        }
    }

    private static void measure(BenchContext ctx, Results results, String bench, int n, ClosedLoop.Operation op)
            throws InterruptedException {
        CommandCosts before = CommandCosts.of(ctx.probe.stats());
        ClosedLoop.Phase phase = ClosedLoop.run(n, THREADS, op);
        CommandCosts d = CommandCosts.of(ctx.probe.stats()).minus(before);
        report(results, bench, n, d);
        results.add(bench, "operations per second", n / phase.seconds(), "/s");
        results.add(bench, "latency p50", Latencies.p(phase.latencies(), 50), "ms");
    }

    private static void report(Results results, String bench, int n, CommandCosts d) {
        results.add(bench, "Redis CPU per operation (used_cpu delta)", d.cpuSeconds() * 1e6 / n, "us");
        results.add(bench, "Redis commands per operation", d.totalCommands() / (double) n, "commands");
        long top = d.scriptCalls() > 0 ? d.scriptUsec() : d.inner().values().stream().mapToLong(c -> c[1]).sum();
        results.add(bench, "commandstats time per operation (top-level calls)", top / (double) n, "us");
        if (d.scriptCalls() > 0) {
            long inner = d.inner().values().stream().mapToLong(c -> c[1]).sum();
            results.add(bench, "script calls per operation", d.scriptCalls() / (double) n, "calls");
            results.add(bench, "of which the commands inside the script", inner / (double) n, "us");
            results.add(bench, "of which the script itself (Lua, conversions, reply)", (d.scriptUsec() - inner) / (double) n, "us");
        }
        String prefix = d.scriptCalls() > 0 ? "inside: " : "command: ";
        for (Map.Entry<String, long[]> c : d.inner().entrySet()) {
            if (c.getValue()[0] < n / 100) {
                continue; // not the operation's own: the worker's idle calls, a heartbeat
            }
            results.add(bench, String.format("%s%s x%.2f", prefix, c.getKey(), c.getValue()[0] / (double) n),
                    c.getValue()[1] / (double) n, "us");
        }
    }
}
