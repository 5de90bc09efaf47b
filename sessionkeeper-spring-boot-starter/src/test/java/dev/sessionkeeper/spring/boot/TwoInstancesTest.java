package dev.sessionkeeper.spring.boot;

import dev.sessionkeeper.spring.session.ReactiveSessionKeeperSessionRepository;
import dev.sessionkeeper.spring.session.SessionKeeperSession;
import dev.sessionkeeper.spring.session.SessionKeeperSessionRepository;
import dev.sessionkeeper.testkit.RedisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.session.SessionRepository;
import org.springframework.session.events.SessionExpiredEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of one Boot application, and a second application, on one Redis: each expired
 * session gives exactly one SessionExpiredEvent per application.
 */
class TwoInstancesTest {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standalone();

    /** What an application's @EventListener sees. */
    @Configuration(proxyBeanMethods = false)
    static class ExpiryListener {
        final List<String> expired = new CopyOnWriteArrayList<>();

        @EventListener
        void on(SessionExpiredEvent event) {
            expired.add(event.getSessionId());
        }

        @Bean
        String marker() {
            return "listener";
        }
    }

    private static WebApplicationContextRunner app(String name) {
        return new WebApplicationContextRunner()
                .withConfiguration(BootLine.sessionAutoConfigurations())
                .withUserConfiguration(ExpiryListener.class)
                .withPropertyValues("spring.data.redis.url=" + REDIS.uri(), "sessionkeeper.namespace=two",
                        "spring.application.name=" + name);
    }

    @Test
    void eachExpiredSessionGivesOneEventPerApplication() {
        List<ExpiryListener> shop = new ArrayList<>();
        List<ExpiryListener> audit = new ArrayList<>();
        app("shop").run(one -> app("shop").run(two -> app("audit").run(other -> {
            shop.add(one.getBean(ExpiryListener.class));
            shop.add(two.getBean(ExpiryListener.class));
            audit.add(other.getBean(ExpiryListener.class));
            Set<String> ids = createExpiring((ConfigurableApplicationContext) one, 20);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while ((count(shop) < 20 || count(audit) < 20) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(500);
            List<String> shopIds = new ArrayList<>(shop.get(0).expired);
            shopIds.addAll(shop.get(1).expired);
            assertThat(shopIds).hasSize(20).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
            assertThat(audit.get(0).expired).hasSize(20).containsExactlyInAnyOrderElementsOf(ids);
        })));
    }

    private static int count(List<ExpiryListener> listeners) {
        return listeners.stream().mapToInt(l -> l.expired.size()).sum();
    }

    private static Set<String> createExpiring(ConfigurableApplicationContext context, int n) {
        SessionKeeperSessionRepository repo = context.getBean(SessionKeeperSessionRepository.class);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < n; i++) {
            SessionKeeperSession s = repo.createSession();
            s.setMaxInactiveInterval(Duration.ofMillis(200 + 10 * i));
            repo.save(s);
            ids.add(s.getId());
        }
        return ids;
    }

    @Test
    void aReactiveApplicationGetsTheReactiveRepository() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SessionKeeperAutoConfiguration.class))
                .withPropertyValues("spring.data.redis.url=" + REDIS.uri(), "sessionkeeper.namespace=reactive")
                .run(context -> {
                    assertThat(context).hasSingleBean(ReactiveSessionKeeperSessionRepository.class);
                    ReactiveSessionKeeperSessionRepository repo =
                            context.getBean(ReactiveSessionKeeperSessionRepository.class);
                    SessionKeeperSession s = repo.createSession().block(Duration.ofSeconds(5));
                    repo.save(s).block(Duration.ofSeconds(5));
                    assertThat(repo.findById(s.getId()).block(Duration.ofSeconds(5))).isNotNull();
                    assertThat(context.getBeansOfType(SessionRepository.class)).hasSize(1);
                });
    }
}
