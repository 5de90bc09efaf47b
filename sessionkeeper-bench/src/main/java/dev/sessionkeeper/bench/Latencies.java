package dev.sessionkeeper.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies recorded in microseconds from many threads (HdrHistogram's {@link Recorder}), read
 * out per phase: {@link #startPhase()} drops what came before, {@link #endPhase()} returns what
 * came since.
 */
final class Latencies {

    private static final long MAX_MICROS = 3_600_000_000L;

    private final Recorder recorder = new Recorder(MAX_MICROS, 3);

    void recordMicros(long micros) {
        recorder.recordValue(Math.max(0, Math.min(MAX_MICROS, micros)));
    }

    void startPhase() {
        recorder.getIntervalHistogram();
    }

    Histogram endPhase() {
        return recorder.getIntervalHistogram();
    }

    static double p(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }

    static double max(Histogram h) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getMaxValue() / 1000.0;
    }
}
