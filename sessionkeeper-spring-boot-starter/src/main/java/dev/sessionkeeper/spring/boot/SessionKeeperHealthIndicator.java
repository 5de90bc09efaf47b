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

    /**
     * An indicator for one store.
     *
     * @param store the store to check
     * @param worker this application's expiry worker, or {@code null} when it runs none
     */
    public SessionKeeperHealthIndicator(SessionStore store, ExpiryWorker worker) {
        super("sessionkeeper health check failed");
        this.health = new StoreHealth(store, worker);
    }

    /**
     * UP with the live sessions, the expiry backlog, how late its oldest session is and the
     * worker's figures; DOWN when Redis does not answer. One read-only call per shard,
     * pipelined, per check.
     *
     * @param builder the health to fill in
     */
    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.up().withDetails(health.details());
    }
}
