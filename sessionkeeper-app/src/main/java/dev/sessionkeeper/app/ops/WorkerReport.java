package dev.sessionkeeper.app.ops;

import dev.sessionkeeper.app.support.Durations;
import dev.sessionkeeper.expiry.WorkerStats;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The worker's one-line status and its final summary. Rates come from the difference to the previous status
 * line over the time that actually passed, not the nominal interval.
 */
public final class WorkerReport {

    private final long startNanos;
    private long lastNanos;
    private long lastExpired;

    public WorkerReport(long startNanos) {
        this.startNanos = startNanos;
        this.lastNanos = startNanos;
    }

    /**
     * E.g. {@code status: backlog 0, expired 1,234 (+120 in 10 s, 12.0/s), lateness p50 3 ms p99 11 ms max 40 ms,
     * live sessions 5,321, failures 0}.
     *
     * @param live live sessions in the store, empty when Redis could not be asked
     */
    public String status(WorkerStats s, OptionalLong live, long nowNanos) {
        long delta = s.expired() - lastExpired;
        long elapsedMs = Math.max(1, (nowNanos - lastNanos) / 1_000_000);
        lastExpired = s.expired();
        lastNanos = nowNanos;
        return "status: backlog " + count(s.backlog())
                + ", expired " + count(s.expired())
                + " (+" + count(delta) + " in " + span(elapsedMs) + ", "
                + String.format(Locale.ROOT, "%.1f/s", delta * 1000.0 / elapsedMs) + ")"
                + ", " + lateness(s)
                + ", live sessions " + (live.isPresent() ? count(live.getAsLong()) : "? (Redis did not answer)")
                + ", failures " + count(s.failures());
    }

    /** E.g. {@code stopped: expired 1,234 sessions in 3 min 12 s (57 batches), lateness p50 3 ms p99 11 ms max 40 ms, failures 0}. */
    public String summary(WorkerStats s, long nowNanos) {
        return "stopped: expired " + count(s.expired()) + " session" + (s.expired() == 1 ? "" : "s")
                + " in " + Durations.uptime(Duration.ofNanos(nowNanos - startNanos))
                + " (" + count(s.batches()) + " batch" + (s.batches() == 1 ? "" : "es") + ")"
                + ", " + lateness(s)
                + ", failures " + count(s.failures());
    }

    private static String lateness(WorkerStats s) {
        if (s.expired() == 0) {
            return "lateness -";
        }
        return "lateness p50 " + s.latenessP50Millis() + " ms p99 " + s.latenessP99Millis() + " ms max "
                + s.latenessMaxMillis() + " ms";
    }

    /** "10 s" for a span within 50 ms of a whole second, else "10.2 s"; under a second, "250 ms". */
    private static String span(long ms) {
        if (ms < 1000) {
            return ms + " ms";
        }
        long tenths = Math.round(ms / 100.0);
        return tenths % 10 == 0 ? tenths / 10 + " s" : String.format(Locale.ROOT, "%.1f s", tenths / 10.0);
    }

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
