package dev.sessionkeeper.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Ordinary web requests at a steady rate: each thread loads a random one of a set of
 * long-lived sessions, changes one attribute and saves, on a fixed schedule. A request's
 * latency is measured from the time it was scheduled to start, not from when the thread got to
 * it, so a stall in Redis shows up in every request it held back (no coordinated omission).
 */
final class RequestLoad implements AutoCloseable {

    private final BenchSystem.Backlog system;
    private final List<String> ids;
    private final int threads;
    private final long intervalNanos;
    private final Latencies latencies = new Latencies();
    private final LongAdder requests = new LongAdder();
    private final LongAdder gone = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running = true;

    RequestLoad(BenchSystem.Backlog system, List<String> ids, int threads, int requestsPerSecond) {
        this.system = system;
        this.ids = List.copyOf(ids);
        this.threads = threads;
        this.intervalNanos = Duration.ofSeconds(1).toNanos() * threads / requestsPerSecond;
    }

    RequestLoad start() {
        for (int t = 0; t < threads; t++) {
            int n = t;
            Thread thread = new Thread(() -> loop(n), "bench-request-" + t);
            thread.setDaemon(true);
            workers.add(thread);
            thread.start();
        }
        return this;
    }

    private void loop(int n) {
        SplittableRandom random = new SplittableRandom(1000 + n);
        // Threads start spread over one interval, so the load is even rather than in bursts.
        long next = System.nanoTime() + intervalNanos * n / threads;
        long counter = 0;
        while (running) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            String id = ids.get(random.nextInt(ids.size()));
            try {
                if (!system.request(id, "lastPage", "/page/" + (counter++ % 100))) {
                    if (gone.sum() == 0) {
                        System.err.println("warning: a long-lived session was gone (later ones are only counted)");
                    }
                    gone.increment();
                }
            } catch (RuntimeException e) {
                if (errors.sum() == 0) {
                    System.err.println("warning: a request failed (later failures are only counted): " + e);
                }
                errors.increment();
            }
            latencies.recordMicros((System.nanoTime() - next) / 1000);
            requests.increment();
            next += intervalNanos;
        }
    }

    Latencies latencies() {
        return latencies;
    }

    long requests() {
        return requests.sum();
    }

    long gone() {
        return gone.sum();
    }

    long errors() {
        return errors.sum();
    }

    @Override
    public void close() {
        running = false;
        for (Thread t : workers) {
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
