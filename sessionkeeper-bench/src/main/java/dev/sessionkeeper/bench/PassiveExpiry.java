package dev.sessionkeeper.bench;

import java.util.concurrent.atomic.LongAdder;

/**
 * The expiry side of a system whose sessions expire without a process of ours (Redis's own
 * key expiry, Spring Session's listener and cleanup task): its "expirer" only counts what the
 * system reports, and a subscription only routes the reports to the benchmark's handler.
 */
final class PassiveExpiry implements BenchSystem.Expirer {

    private final LongAdder expired = new LongAdder();
    private volatile BenchSystem.ExpiredHandler handler;

    /** Counts one expiry the system reported and passes it on to the subscriber, if any. */
    void report(String sessionId, long deadlineMillis, long receivedAtMicros) {
        expired.increment();
        BenchSystem.ExpiredHandler h = handler;
        if (h != null) {
            h.expired(sessionId, deadlineMillis, -1, receivedAtMicros);
        }
    }

    AutoCloseable subscribe(BenchSystem.ExpiredHandler h) {
        handler = h;
        return () -> handler = null;
    }

    @Override
    public long expired() {
        return expired.sum();
    }

    @Override
    public long batches() {
        return -1;
    }

    @Override
    public void close() {
    }
}
