package dev.sessionkeeper.micrometer;

import dev.sessionkeeper.ExpiryContract;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.events.Subscription;
import dev.sessionkeeper.expiry.ExpiryWorker;
import dev.sessionkeeper.testkit.RedisExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsTest {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standalone();

    @Test
    void metersFollowExpiriesDeliveriesAndRejections() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SessionKeeperMetrics metrics = new SessionKeeperMetrics();
        try (SessionStore store = SessionStore.builder().redis(REDIS.uri()).namespace("metrics")
                .idleTimeout(Duration.ofMillis(200)).observer(metrics).build()) {
            metrics.bindTo(registry);
            try (Subscription sub = store.events().subscribe("m", e -> { });
                 ExpiryWorker worker = store.expiryWorker().maxSleep(Duration.ofMillis(50)).start()) {
                ExpiryContract.parallel(50, i -> store.create());
                store.find("not an id");
                ExpiryContract.await("50 expirations", Duration.ofSeconds(10),
                        () -> registry.get("sessionkeeper.expirations").counter().count() >= 50);
                ExpiryContract.await("100 deliveries (created + expired)", Duration.ofSeconds(10),
                        () -> registry.get("sessionkeeper.events").tag("outcome", "delivered").functionCounter().count() >= 100);
            }
            assertThat(registry.get("sessionkeeper.expiry.lateness").summary().count()).isEqualTo(50);
            assertThat(registry.get("sessionkeeper.rejected").tag("cause", "malformed-id").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("sessionkeeper.expiry.backlog").gauge().value()).isZero();
        }
    }
}
