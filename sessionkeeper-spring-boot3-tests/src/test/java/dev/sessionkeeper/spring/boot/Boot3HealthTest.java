package dev.sessionkeeper.spring.boot;

import dev.sessionkeeper.spring.session.SessionKeeperSession;
import dev.sessionkeeper.spring.session.SessionKeeperSessionRepository;
import dev.sessionkeeper.testkit.RedisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health indicator on Boot 3's health API ({@code org.springframework.boot.actuate.health}),
 * run on the Boot 3.5 line only: the starter registers it under the same bean name as Boot 4's,
 * UP with the backlog and how late it runs, DOWN when Redis stops answering.
 */
class Boot3HealthTest {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standalone();

    @Test
    void registersBoot3sIndicatorUpWithItsFigures() {
        new WebApplicationContextRunner()
                .withConfiguration(BootLine.sessionAutoConfigurations())
                .withPropertyValues("spring.data.redis.url=" + REDIS.uri(), "sessionkeeper.namespace=health3")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    // Boot 4's indicator cannot even be loaded here: its supertype is not on this line.
                    assertThat(context.getBean("sessionKeeperHealthIndicator"))
                            .isInstanceOf(SessionKeeperBoot3HealthIndicator.class);
                    assertThat(context.getBeanNamesForType(HealthIndicator.class))
                            .containsExactly("sessionKeeperHealthIndicator");
                    Health health = context.getBean(HealthIndicator.class).health();
                    assertThat(health.getStatus().getCode()).isEqualTo("UP");
                    assertThat(health.getDetails()).containsKeys("expiryBacklog", "oldestOverdueMillis",
                            "liveSessions", "worker");
                });
    }

    /** With no worker running, a session past its deadline is backlog, and late. */
    @Test
    void reportsTheBacklogAndHowLateItIs() {
        new WebApplicationContextRunner()
                .withConfiguration(BootLine.sessionAutoConfigurations())
                .withPropertyValues("spring.data.redis.url=" + REDIS.uri(), "sessionkeeper.namespace=health3late",
                        "sessionkeeper.idle-timeout=1s", "sessionkeeper.worker.enabled=false")
                .run(context -> {
                    SessionKeeperSessionRepository repository = context.getBean(SessionKeeperSessionRepository.class);
                    SessionKeeperSession session = repository.createSession();
                    session.setAttribute("k", "v");
                    repository.save(session);
                    HealthIndicator indicator = context.getBean(HealthIndicator.class);
                    assertThat(indicator.health().getDetails()).containsEntry("liveSessions", 1L)
                            .doesNotContainKey("worker");

                    assertThat(awaitBacklog(indicator, Duration.ofSeconds(5))).containsEntry("expiryBacklog", 1L);
                    // A session is due at its deadline's very millisecond, 0 ms late; a moment later it is late.
                    Thread.sleep(20);
                    Map<String, Object> details = indicator.health().getDetails();
                    assertThat(details).containsEntry("expiryBacklog", 1L).containsEntry("liveSessions", 0L);
                    assertThat((Long) details.get("oldestOverdueMillis")).isGreaterThanOrEqualTo(20);
                });
    }

    @Test
    void downWhenRedisDoesNotAnswer() {
        new WebApplicationContextRunner()
                .withConfiguration(BootLine.sessionAutoConfigurations())
                .withPropertyValues("spring.data.redis.url=" + REDIS.uri(), "sessionkeeper.namespace=health3down",
                        "sessionkeeper.redis.command-timeout=1s")
                .run(context -> {
                    HealthIndicator indicator = context.getBean(HealthIndicator.class);
                    assertThat(indicator.health().getStatus().getCode()).isEqualTo("UP");
                    REDIS.server().pause();
                    try {
                        assertThat(indicator.health().getStatus().getCode()).isEqualTo("DOWN");
                    } finally {
                        REDIS.server().resume();
                    }
                    assertThat(indicator.health().getStatus().getCode()).isEqualTo("UP");
                });
    }

    private static Map<String, Object> awaitBacklog(HealthIndicator indicator, Duration within)
            throws InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        while (true) {
            Map<String, Object> details = indicator.health().getDetails();
            if (!Long.valueOf(0).equals(details.get("expiryBacklog")) || System.nanoTime() > until) {
                return details;
            }
            Thread.sleep(50);
        }
    }
}
