package dev.sessionkeeper.spring.boot;

import dev.sessionkeeper.expiry.ExpiryWorker;
import dev.sessionkeeper.SessionStore;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The store's health for Boot 3's actuator, whose health API is in
 * {@code org.springframework.boot.actuate.health} (Boot 4 moved it to
 * {@code org.springframework.boot.health.contributor}): the same DOWN and UP, with the same
 * figures, as {@link SessionKeeperHealthIndicator}. Compiled against Boot 3.5's actuator, an
 * optional dependency, and only ever loaded when that API is on the classpath.
 */
public class SessionKeeperBoot3HealthIndicator extends AbstractHealthIndicator {

    private final StoreHealth health;

    /**
     * An indicator for one store.
     *
     * @param store the store to check
     * @param worker this application's expiry worker, or {@code null} when it runs none
     */
    public SessionKeeperBoot3HealthIndicator(SessionStore store, ExpiryWorker worker) {
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
