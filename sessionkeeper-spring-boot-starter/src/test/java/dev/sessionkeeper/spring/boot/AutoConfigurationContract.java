package dev.sessionkeeper.spring.boot;

import dev.sessionkeeper.expiry.ExpiryWorker;
import dev.sessionkeeper.micrometer.SessionKeeperMetrics;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.spring.session.SessionEventPublisher;
import dev.sessionkeeper.spring.session.SessionKeeperSession;
import dev.sessionkeeper.spring.session.SessionKeeperSessionRepository;
import dev.sessionkeeper.testkit.RedisExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.SessionRepository;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.web.http.SessionRepositoryFilter;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration in a web application context, against one Redis topology
 * (subclasses bind standalone Redis and Redis Cluster).
 */
abstract class AutoConfigurationContract {

    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    abstract RedisExtension redis();

    /** Boot's property for this topology, pointing at the test's Redis. */
    abstract String[] redisProperties();

    WebApplicationContextRunner runner() {
        return new WebApplicationContextRunner()
                .withConfiguration(BootLine.sessionAutoConfigurations())
                .withPropertyValues(redisProperties())
                .withPropertyValues("sessionkeeper.namespace=ac" + NAMESPACES.incrementAndGet() + "x"
                        + System.nanoTime() % 100000);
    }

    @Test
    void providesTheRepositoryTheFilterTheWorkerAndTheEvents() {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(SessionStore.class);
            assertThat(context.getBean(SessionRepository.class)).isInstanceOf(SessionKeeperSessionRepository.class);
            assertThat(context).hasSingleBean(SessionRepositoryFilter.class);
            assertThat(context).hasBean("sessionRepositoryFilterRegistration");
            assertThat(context).hasSingleBean(ExpiryWorker.class);
            assertThat(context).hasSingleBean(SessionEventPublisher.class);
            assertThat(context).hasSingleBean(SessionKeeperMetrics.class);

            SessionKeeperSessionRepository repo = context.getBean(SessionKeeperSessionRepository.class);
            SessionKeeperSession s = repo.createSession();
            s.setAttribute("a", "b");
            repo.save(s);
            assertThat(repo.findById(s.getId()).<String>getAttribute("a")).isEqualTo("b");
        });
    }

    @Test
    void backsOffWhenTheApplicationHasItsOwnRepository() {
        runner().withUserConfiguration(OwnRepository.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(SessionKeeperSessionRepository.class);
            assertThat(context.getBean(SessionRepository.class)).isInstanceOf(MapSessionRepository.class);
        });
    }

    @Test
    void appliesSessionRepositoryCustomizers() {
        runner().withUserConfiguration(Customizing.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Customizing.class).customized)
                    .containsExactly(context.getBean(SessionKeeperSessionRepository.class));
        });
    }

    @Test
    void offWhenDisabledOrWithoutSessionkeeper() {
        runner().withPropertyValues("sessionkeeper.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(SessionStore.class);
            assertThat(context).doesNotHaveBean(SessionKeeperSessionRepository.class);
        });
        runner().withClassLoader(new FilteredClassLoader(SessionKeeperSessionRepository.class)).run(context -> {
            assertThat(context).doesNotHaveBean(SessionStore.class);
            assertThat(context).doesNotHaveBean(SessionRepositoryFilter.class);
        });
    }

    @Test
    void theWorkerCanBeLeftToTheDaemonAndEventsTurnedOff() {
        runner().withPropertyValues("sessionkeeper.worker.enabled=false", "sessionkeeper.events.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(ExpiryWorker.class);
                    assertThat(context).doesNotHaveBean(SessionEventPublisher.class);
                    assertThat(context).hasSingleBean(SessionKeeperSessionRepository.class);
                });
    }

    @Test
    void eventsGoToAGroupNamedAfterTheApplicationOrToEveryInstance() {
        runner().withPropertyValues("spring.application.name=shop").run(context ->
                assertThat(context.getBean(SessionEventPublisher.class).subscription().group()).isEqualTo("shop"));
        runner().withPropertyValues("spring.application.name=shop", "sessionkeeper.events.group=audit").run(context ->
                assertThat(context.getBean(SessionEventPublisher.class).subscription().group()).isEqualTo("audit"));
        runner().withPropertyValues("spring.application.name=My Shop (EU)").run(context ->
                assertThat(context.getBean(SessionEventPublisher.class).subscription().group())
                        .isEqualTo("My-Shop--EU-"));
        runner().withPropertyValues("sessionkeeper.events.mode=broadcast").run(context ->
                assertThat(context.getBean(SessionEventPublisher.class).subscription().group()).isNull());
    }

    @Test
    void propertiesAreBoundAndTakeEffect() {
        runner().withPropertyValues("sessionkeeper.namespace=bound" + System.nanoTime() % 100000,
                        "sessionkeeper.shards=4", "sessionkeeper.absolute-timeout=2h",
                        "sessionkeeper.max-sessions-per-principal=2", "sessionkeeper.limit-policy=refuse-login",
                        "sessionkeeper.snapshot-attributes=cart,theme", "sessionkeeper.redis.command-timeout=3s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    SessionKeeperProperties p = context.getBean(SessionKeeperProperties.class);
                    assertThat(p.getShards()).isEqualTo(4);
                    assertThat(p.getAbsoluteTimeout()).isEqualTo(Duration.ofHours(2));
                    assertThat(p.getMaxSessionsPerPrincipal()).isEqualTo(2);
                    assertThat(p.getLimitPolicy()).isEqualTo(dev.sessionkeeper.LimitPolicy.REFUSE_LOGIN);
                    assertThat(p.getSnapshotAttributes()).containsExactly("cart", "theme");
                    assertThat(p.getRedis().getCommandTimeout()).isEqualTo(Duration.ofSeconds(3));

                    SessionKeeperSessionRepository repo = context.getBean(SessionKeeperSessionRepository.class);
                    SessionKeeperSession s = repo.createSession();
                    s.setAttribute("a", "b");
                    repo.save(s);
                    assertThat(keys(p.getNamespace() + ":*")).isNotEmpty();
                    var description = repo.store().inspector().describe(s.getId()).orElseThrow();
                    assertThat(description.absoluteTimeout()).isEqualTo(Duration.ofHours(2));
                    assertThat(description.shard()).isBetween(0, 3);
                });
    }

    @Test
    void theIdleTimeoutComesFromSpringSessionThenFromTheServletSettings() {
        runner().withPropertyValues("spring.session.timeout=7m", "server.servlet.session.timeout=9m")
                .run(context -> assertThat(idleOfANewSession(context.getBean(SessionKeeperSessionRepository.class)))
                        .isEqualTo(Duration.ofMinutes(7)));
        runner().withPropertyValues("server.servlet.session.timeout=9m")
                .run(context -> assertThat(idleOfANewSession(context.getBean(SessionKeeperSessionRepository.class)))
                        .isEqualTo(Duration.ofMinutes(9)));
        runner().withPropertyValues("server.servlet.session.timeout=9m", "sessionkeeper.idle-timeout=3m")
                .run(context -> assertThat(idleOfANewSession(context.getBean(SessionKeeperSessionRepository.class)))
                        .isEqualTo(Duration.ofMinutes(3)));
        runner().run(context -> assertThat(idleOfANewSession(context.getBean(SessionKeeperSessionRepository.class)))
                .isEqualTo(Duration.ofMinutes(30)));
    }

    private static Duration idleOfANewSession(SessionKeeperSessionRepository repo) {
        SessionKeeperSession s = repo.createSession();
        repo.save(s);
        return repo.findById(s.getId()).getMaxInactiveInterval();
    }

    List<String> keys(String pattern) {
        List<String> out = new java.util.ArrayList<>();
        for (String uri : redis().nodeUris()) {
            RedisClient client = RedisClient.create(RedisURI.create(uri));
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                out.addAll(c.sync().keys(pattern));
            } finally {
                client.shutdown();
            }
        }
        return out;
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnRepository {
        @Bean
        MapSessionRepository sessionRepository() {
            return new MapSessionRepository(new ConcurrentHashMap<>());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizing {
        final List<SessionKeeperSessionRepository> customized = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Bean
        SessionRepositoryCustomizer<SessionKeeperSessionRepository> customizer() {
            return customized::add;
        }
    }
}
