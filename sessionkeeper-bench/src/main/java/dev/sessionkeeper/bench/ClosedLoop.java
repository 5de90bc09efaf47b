package dev.sessionkeeper.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * n operations spread over a number of threads, each as fast as the system answers (closed
 * loop), with each operation's latency; for the benchmarks that choose their thread count.
 * Operation {@code i} runs on thread {@code i % threads}, so an operation that keeps per-thread
 * state (a session loaded once and saved again and again) can index it by {@code i % threads}.
 */
final class ClosedLoop {

    /** One operation, given its index. */
    @FunctionalInterface
    interface Operation {
        void run(int i) throws Exception;
    }

    /** A phase's wall-clock time and each operation's latency. */
    record Phase(double seconds, Histogram latencies) {
    }

    private ClosedLoop() {
    }

    static Phase run(int n, int threads, Operation op) throws InterruptedException {
        Latencies latencies = new Latencies();
        LongAdder failures = new LongAdder();
        Exception[] first = new Exception[1];
        List<Thread> started = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                for (int i = thread; i < n; i += threads) {
                    long t0 = System.nanoTime();
                    try {
                        op.run(i);
                    } catch (Exception e) {
                        failures.increment();
                        synchronized (first) {
                            if (first[0] == null) {
                                first[0] = e;
                            }
                        }
                    }
                    latencies.recordMicros((System.nanoTime() - t0) / 1000);
                }
            }, "bench-loop-" + t);
            started.add(worker);
            worker.start();
        }
        for (Thread t : started) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failures.sum() > 0) {
            throw new IllegalStateException(failures.sum() + " operations failed; the first: " + first[0], first[0]);
        }
        return new Phase(seconds, latencies.endPhase());
    }
}
