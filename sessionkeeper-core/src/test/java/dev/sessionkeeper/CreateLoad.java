package dev.sessionkeeper;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Threads creating sessions as fast as a store lets them, through a failover: calls that fail
 * because Redis is away are retried after a pause; the ids the store acknowledged are kept.
 */
final class CreateLoad implements AutoCloseable {

    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService pool;
    private final List<Future<?>> futures = new ArrayList<>();

    CreateLoad(SessionStore store, int threads) {
        pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                while (running.get()) {
                    try {
                        acknowledged.add(store.create().id());
                    } catch (RedisUnavailableException duringFailover) {
                        StoreContract.sleep(20);
                    }
                }
                return null;
            }));
        }
    }

    /** Stops the threads and waits for them; a thread's unexpected failure fails the caller. */
    @Override
    public void close() throws Exception {
        running.set(false);
        for (Future<?> f : futures) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdownNow();
    }
}
