package dev.sessionkeeper.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What every workload shares: the Redis (its URL and the probe watching it), whether this is
 * the quick run, and where progress goes.
 */
final class BenchContext {

    final String redisUrl;
    final RedisProbe probe;
    final boolean quick;
    private final PrintStream progress;
    private final long started = System.nanoTime();

    BenchContext(String redisUrl, RedisProbe probe, boolean quick, PrintStream progress) {
        this.redisUrl = redisUrl;
        this.probe = probe;
        this.quick = quick;
        this.progress = progress;
    }

    /** A namespace no earlier run used. */
    String freshNamespace(String what) {
        return "skbench-" + what + "-" + Long.toString(System.currentTimeMillis(), 36)
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
    }

    void progress(String format, Object... args) {
        double t = (System.nanoTime() - started) / 1e9;
        progress.printf(Locale.ROOT, "[%6.1fs] %s%n", t, String.format(Locale.ROOT, format, args));
        progress.flush();
    }
}
