package dev.sessionkeeper.spring.boot;

import dev.sessionkeeper.expiry.ExpiryWorker;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.inspect.ShardStatus;
import dev.sessionkeeper.expiry.WorkerStats;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures both Boot lines' health indicators report, read in one place so that Boot 3's and
 * Boot 4's indicators (whose health types live in different packages) cannot drift apart: the
 * expiry backlog (sessions past their deadline that no worker has expired yet, over all shards,
 * whoever runs the workers), how late the oldest of them is by Redis's clock, the live sessions,
 * and this application's own worker's figures when it runs one. Reading them throws when Redis
 * does not answer, which each indicator turns into DOWN.
 */
final class StoreHealth {

    private final SessionStore store;
    private final ExpiryWorker worker;

    StoreHealth(SessionStore store, ExpiryWorker worker) {
        this.store = store;
        this.worker = worker;
    }

    Map<String, Object> details() {
        long backlog = 0;
        long lateMillis = 0;
        long live = 0;
        for (ShardStatus shard : store.inspector().shards()) {
            backlog += shard.dueBacklog();
            live += shard.liveSessions();
            Instant oldest = shard.oldestOverdue();
            if (oldest != null) {
                lateMillis = Math.max(lateMillis, Duration.between(oldest, shard.at()).toMillis());
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("liveSessions", live);
        details.put("expiryBacklog", backlog);
        details.put("oldestOverdueMillis", lateMillis);
        if (worker != null) {
            WorkerStats stats = worker.stats();
            details.put("worker", Map.of("expired", stats.expired(),
                    "latenessP50Millis", stats.latenessP50Millis(), "latenessP99Millis", stats.latenessP99Millis(),
                    "failures", stats.failures()));
        }
        return details;
    }
}
