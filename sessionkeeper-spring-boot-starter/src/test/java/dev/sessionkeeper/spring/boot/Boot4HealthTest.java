package dev.sessionkeeper.spring.boot;

import dev.sessionkeeper.testkit.RedisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** The health indicator, on Boot 4's health API (this class is not compiled on the Boot 3 line). */
class Boot4HealthTest {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standalone();

    @Test
    void reportsTheBacklogAndTheWorker() {
        new WebApplicationContextRunner()
                .withConfiguration(BootLine.sessionAutoConfigurations())
                .withPropertyValues("spring.data.redis.url=" + REDIS.uri(), "sessionkeeper.namespace=health")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Health health = context.getBean(SessionKeeperHealthIndicator.class).health(true);
                    assertThat(health.getStatus().getCode()).isEqualTo("UP");
                    assertThat(health.getDetails()).containsKeys("expiryBacklog", "oldestOverdueMillis",
                            "liveSessions", "worker");
                });
    }

    @Test
    void downWhenRedisDoesNotAnswer() {
        new WebApplicationContextRunner()
                .withConfiguration(BootLine.sessionAutoConfigurations())
                .withPropertyValues("spring.data.redis.url=" + REDIS.uri(), "sessionkeeper.namespace=healthdown",
                        "sessionkeeper.redis.command-timeout=1s")
                .run(context -> {
                    SessionKeeperHealthIndicator indicator = context.getBean(SessionKeeperHealthIndicator.class);
                    REDIS.server().pause();
                    try {
                        assertThat(indicator.health(true).getStatus().getCode()).isEqualTo("DOWN");
                    } finally {
                        REDIS.server().resume();
                    }
                });
    }
}
