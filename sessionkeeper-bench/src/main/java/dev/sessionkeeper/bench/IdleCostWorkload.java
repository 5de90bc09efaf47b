package dev.sessionkeeper.bench;

/**
 * Idle cost: what an expiry worker with nothing to do costs Redis, in commands per second
 * (INFO stats total_commands_processed, which counts the commands a script runs too) and in
 * calls (script round trips). Measured over a window with nothing else running against this
 * Redis but the benchmark's one INFO call at each end, which is subtracted. A baseline window
 * with nothing started shows the floor; a window with a consumer group subscriber shows what
 * the event readers add on top.
 */
final class IdleCostWorkload implements Workload {

    @Override
    public String name() {
        return "idle";
    }

    @Override
    public void run(BenchContext ctx, BenchSystem.Factory factory, Results results) throws Exception {
        long windowMs = ctx.quick ? 3_000 : 10_000;
        String bench = String.format("idle cost (%d shards, %d s window)", SessionkeeperSystem.SHARDS, windowMs / 1000);
        try (BenchSystem system = factory.open(ctx.redisUrl, ctx.freshNamespace("idle"), BenchSystem.Options.defaults())) {
            ctx.progress("%s: baseline, nothing running", bench);
            Window baseline = measure(ctx, windowMs / 2);

            ctx.progress("%s: one idle expiry worker", bench);
            BenchSystem.Expirer worker = system.startExpirer(200);
            Thread.sleep(1_500);
            Window idleWorker = measure(ctx, windowMs);

            ctx.progress("%s: idle worker plus one idle consumer group subscriber", bench);
            AutoCloseable subscription = system.subscribeExpired("bench-idle", (id, d, w, r) -> { });
            Thread.sleep(1_500);
            Window withSubscriber = measure(ctx, windowMs);
            subscription.close();
            worker.close();
            system.dropKeys(ctx.probe);

            results.add(bench, "baseline, nothing running", baseline.commandsPerSecond, "commands/s");
            results.atMost(bench, "idle worker: Redis commands", idleWorker.commandsPerSecond, "commands/s", 100);
            results.add(bench, "idle worker: calls (script round trips)", idleWorker.scriptCallsPerSecond, "calls/s");
            results.add(bench, "idle worker: Redis CPU", idleWorker.redisCpu * 100, "% of a core");
            results.add(bench, "idle worker + consumer group subscriber: Redis commands", withSubscriber.commandsPerSecond,
                    "commands/s");
        }
    }

    private record Window(double commandsPerSecond, double scriptCallsPerSecond, double redisCpu) {
    }

    private static Window measure(BenchContext ctx, long millis) throws InterruptedException {
        RedisProbe.Stats a = ctx.probe.stats();
        Thread.sleep(millis);
        RedisProbe.Stats b = ctx.probe.stats();
        double seconds = b.secondsSince(a);
        // b counts a's INFO call (a command is counted after it runs, so b does not count itself).
        long commands = b.totalCommands() - a.totalCommands() - 1;
        long scripts = b.scripts()[0] - a.scripts()[0];
        return new Window(commands / seconds, scripts / seconds, (b.cpuSeconds() - a.cpuSeconds()) / seconds);
    }
}
