package dev.sessionkeeper.spring.boot;

import dev.sessionkeeper.expiry.ExpiryWorker;
import dev.sessionkeeper.SessionStore;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The store's health for Boot 4's actuator: DOWN when Redis cannot be read, else UP with the
 * figures of {@link StoreHealth}. Boot 3's actuator gets the same from
 * {@link SessionKeeperBoot3HealthIndicator}.
 */
public class SessionKeeperHealthIndicator extends AbstractHealthIndicator {

    private final StoreHealth health;

    public SessionKeeperHealthIndicator(SessionStore store, ExpiryWorker worker) {
        super("sessionkeeper health check failed");
        this.health = new StoreHealth(store, worker);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.up().withDetails(health.details());
    }
}
