package dev.sessionkeeper.internal;

import java.util.Arrays;

/**
 * The most recent latency samples, for percentiles in status lines and stats. A ring buffer:
 * recording is O(1); a percentile sorts a copy, which is fine at status-line rates.
 */
final class LatencyWindow {

    private final long[] samples;
    private int next;
    private int size;

    LatencyWindow(int capacity) {
        this.samples = new long[capacity];
    }

    synchronized void record(long value) {
        samples[next] = value;
        next = (next + 1) % samples.length;
        size = Math.min(size + 1, samples.length);
    }

    /** The q-quantile (0..1) of the window, 0 when it is empty. */
    synchronized long quantile(double q) {
        if (size == 0) {
            return 0;
        }
        long[] copy = Arrays.copyOf(samples, size);
        Arrays.sort(copy);
        int index = (int) Math.ceil(q * size) - 1;
        return copy[Math.max(0, Math.min(size - 1, index))];
    }
}
