package dev.sessionkeeper.spring.boot;

import dev.sessionkeeper.ExpiryWorker;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.ShardStatus;
import dev.sessionkeeper.WorkerStats;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import java.time.Duration;
import java.time.Instant;

/**
 * The store's health for Boot 4's actuator: DOWN when Redis cannot be read, else UP with the
 * expiry backlog (sessions past their deadline that no worker has expired yet, over all
 * shards, whoever runs the workers) and how late the oldest of them is, by Redis's clock, plus
 * this application's own worker's figures when it runs one.
 */
public class SessionKeeperHealthIndicator extends AbstractHealthIndicator {

    private final SessionStore store;
    private final ExpiryWorker worker;

    public SessionKeeperHealthIndicator(SessionStore store, ExpiryWorker worker) {
        super("sessionkeeper health check failed");
        this.store = store;
        this.worker = worker;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
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
        builder.up().withDetail("liveSessions", live).withDetail("expiryBacklog", backlog)
                .withDetail("oldestOverdueMillis", lateMillis);
        if (worker != null) {
            WorkerStats stats = worker.stats();
            builder.withDetail("worker", java.util.Map.of("expired", stats.expired(),
                    "latenessP50Millis", stats.latenessP50Millis(), "latenessP99Millis", stats.latenessP99Millis(),
                    "failures", stats.failures()));
        }
    }
}
