package dev.sessionkeeper.spring.boot;

import dev.sessionkeeper.expiry.ExpiryWorker;
import dev.sessionkeeper.micrometer.SessionKeeperMetrics;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.SessionStoreBuilder;
import dev.sessionkeeper.StoreObserver;
import dev.sessionkeeper.codec.AttributeCodec;
import dev.sessionkeeper.spring.session.ReactiveSessionKeeperSessionRepository;
import dev.sessionkeeper.spring.session.SessionEventPublisher;
import dev.sessionkeeper.spring.session.SessionKeeperSessionRepository;
import dev.sessionkeeper.spring.session.SpringAttributeCodec;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.session.SessionRepository;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.config.annotation.web.http.SpringHttpSessionConfiguration;
import org.springframework.session.config.annotation.web.server.SpringWebSessionConfiguration;

import java.time.Duration;

/**
 * Spring Session on sessionkeeper. Runs before Boot's session auto-configuration and before
 * Spring Session Data Redis's (named, not referenced, as their packages differ between Boot 3
 * and Boot 4), so its repository is the one Boot's filter registration and the actuator's
 * {@code sessions} endpoint find. Backs off when the application defines its own
 * {@link SessionRepository}.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.autoconfigure.session.SessionAutoConfiguration",
        "org.springframework.boot.session.autoconfigure.SessionAutoConfiguration",
        "org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration",
        "org.springframework.boot.autoconfigure.session.RedisSessionConfiguration",
        "org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration",
        "org.springframework.boot.autoconfigure.web.reactive.WebFluxAutoConfiguration"})
@ConditionalOnClass({SessionStore.class, SessionKeeperSessionRepository.class, SessionRepository.class})
@ConditionalOnProperty(prefix = "sessionkeeper", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(SessionKeeperProperties.class)
public class SessionKeeperAutoConfiguration {

    /**
     * The store, unless the application defines its own: Redis from {@code sessionkeeper.redis.url}
     * or {@code spring.data.redis.*}, the codec from an {@link AttributeCodec} bean or
     * {@link SpringAttributeCodec#defaults()}. Closed with the context.
     *
     * @param properties the {@code sessionkeeper.*} settings
     * @param environment where Boot's own Redis and session settings are read from
     * @param codec the application's codec, if it defines one
     * @param observers every {@link StoreObserver} bean (the meters among them), given to the builder
     * @return the connected store
     * @throws dev.sessionkeeper.RedisUnavailableException when Redis cannot be reached, which
     *     fails the application's start
     * @throws IllegalArgumentException when a setting is out of range
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public SessionStore sessionKeeperStore(SessionKeeperProperties properties, Environment environment,
                                           ObjectProvider<AttributeCodec> codec,
                                           ObjectProvider<StoreObserver> observers) {
        Binder binder = Binder.get(environment);
        RedisSettings redis = RedisSettings.from(binder, properties);
        SessionStoreBuilder builder = SessionStore.builder()
                .redis(redis.url())
                .namespace(properties.getNamespace())
                .shards(properties.getShards())
                .idleTimeout(idleTimeout(binder, properties))
                .absoluteTimeout(properties.getAbsoluteTimeout())
                .commandTimeout(properties.getRedis().getCommandTimeout())
                .codec(codec.getIfAvailable(SpringAttributeCodec::defaults));
        if (redis.caCertificate() != null) {
            builder.redisCaCertificate(redis.caCertificate());
        }
        if (properties.getMaxSessionsPerPrincipal() > 0) {
            builder.maxSessionsPerPrincipal(properties.getMaxSessionsPerPrincipal(), properties.getLimitPolicy());
        }
        if (!properties.getSnapshotAttributes().isEmpty()) {
            builder.snapshotAttributes(properties.getSnapshotAttributes().toArray(String[]::new));
        }
        // Observers (the meters among them) are given at build: a store reports from its first call on.
        observers.orderedStream().forEach(builder::observer);
        return builder.build();
    }

    /**
     * sessionkeeper.idle-timeout, else spring.session.timeout, else
     * server.servlet.session.timeout, else 30 minutes.
     */
    static Duration idleTimeout(Binder binder, SessionKeeperProperties properties) {
        if (properties.getIdleTimeout() != null) {
            return properties.getIdleTimeout();
        }
        return binder.bind("spring.session.timeout", Duration.class)
                .orElseGet(() -> binder.bind("server.servlet.session.timeout", Duration.class)
                        .orElse(Duration.ofMinutes(30)));
    }

    /**
     * An expiry worker in this application on all shards, unless {@code sessionkeeper.worker.enabled}
     * is false or the application defines its own. Stopped with the context.
     *
     * @param store the store
     * @return the running worker
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = "sessionkeeper.worker", name = "enabled", matchIfMissing = true)
    @ConditionalOnMissingBean
    public ExpiryWorker sessionKeeperExpiryWorker(SessionStore store) {
        return store.expiryWorker().start();
    }

    /**
     * The store's events as Spring Session's {@code ApplicationEvent}s, unless
     * {@code sessionkeeper.events.enabled} is false: through the consumer group
     * {@code sessionkeeper.events.group} (default: the application's name), or broadcast.
     * Closed with the context.
     *
     * @param store the store
     * @param properties the {@code sessionkeeper.*} settings
     * @param environment where {@code spring.application.name} is read from
     * @param publisher where to publish the events
     * @return the running publisher
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = "sessionkeeper.events", name = "enabled", matchIfMissing = true)
    @ConditionalOnMissingBean
    public SessionEventPublisher sessionKeeperEventPublisher(SessionStore store, SessionKeeperProperties properties,
                                                             Environment environment,
                                                             ApplicationEventPublisher publisher) {
        SessionKeeperProperties.Events events = properties.getEvents();
        if (events.getMode() == SessionKeeperProperties.Mode.BROADCAST) {
            return SessionEventPublisher.broadcast(store, publisher);
        }
        String group = events.getGroup() != null ? events.getGroup()
                : groupName(environment.getProperty("spring.application.name", "application"));
        return SessionEventPublisher.group(store, group, publisher);
    }

    /**
     * A consumer group name from an application name, which may hold characters a group name
     * cannot (spaces, slashes): those become '-', and it is cut to 64 characters.
     */
    static String groupName(String applicationName) {
        String name = applicationName.replaceAll("[^A-Za-z0-9_.:-]", "-");
        name = name.length() > 64 ? name.substring(0, 64) : name;
        return name.isEmpty() ? "application" : name;
    }

    /**
     * The repository, unless the application has its own, with Spring Session's servlet filter,
     * cookie handling and HttpSessionListener adapter on it, as Spring Session's own store
     * modules import them.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(SessionRepository.class)
    static class RepositoryConfiguration {

        @Bean
        public SessionKeeperSessionRepository sessionRepository(SessionStore store,
                ObjectProvider<SessionRepositoryCustomizer<SessionKeeperSessionRepository>> customizers) {
            SessionKeeperSessionRepository repository = new SessionKeeperSessionRepository(store);
            customizers.orderedStream().forEach(c -> c.customize(repository));
            return repository;
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
        @Import(SpringHttpSessionConfiguration.class)
        static class ServletConfiguration {
        }
    }

    /**
     * The reactive repository for WebFlux, unless the application has its own, with Spring
     * Session's WebSessionManager on it (as Spring Session's own store modules import it; Boot's
     * session auto-configuration makes none). It is named {@code webSessionManager}, which
     * WebFlux's auto-configuration, ordered after this one, then leaves alone.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(name = "reactor.core.publisher.Mono")
    @ConditionalOnMissingBean(type = "org.springframework.session.ReactiveSessionRepository")
    static class ReactiveRepositoryConfiguration {

        @Bean
        public ReactiveSessionKeeperSessionRepository reactiveSessionRepository(SessionStore store,
                ObjectProvider<SessionRepositoryCustomizer<SessionKeeperSessionRepository>> customizers) {
            SessionKeeperSessionRepository repository = new SessionKeeperSessionRepository(store);
            customizers.orderedStream().forEach(c -> c.customize(repository));
            return new ReactiveSessionKeeperSessionRepository(repository);
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(name = "org.springframework.web.server.session.WebSessionManager")
        @Import(SpringWebSessionConfiguration.class)
        static class WebSessionConfiguration {
        }
    }

    /** The store's meters, bound to the application's MeterRegistry by Boot's metrics support. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        public SessionKeeperMetrics sessionKeeperMetrics() {
            return new SessionKeeperMetrics();
        }
    }

    /** Boot 4's health contributor ({@link Boot3HealthConfiguration} is Boot 3's). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "sessionKeeperHealthIndicator")
        public SessionKeeperHealthIndicator sessionKeeperHealthIndicator(SessionStore store,
                                                                         ObjectProvider<ExpiryWorker> worker) {
            return new SessionKeeperHealthIndicator(store, worker.getIfAvailable());
        }
    }

    /**
     * Boot 3's health contributor: its actuator keeps the health types in
     * {@code org.springframework.boot.actuate.health}. Stands aside where Boot 4's health API is
     * present, so an application never gets both.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.AbstractHealthIndicator")
    @ConditionalOnMissingClass("org.springframework.boot.health.contributor.HealthIndicator")
    static class Boot3HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "sessionKeeperHealthIndicator")
        public SessionKeeperBoot3HealthIndicator sessionKeeperHealthIndicator(SessionStore store,
                                                                              ObjectProvider<ExpiryWorker> worker) {
            return new SessionKeeperBoot3HealthIndicator(store, worker.getIfAvailable());
        }
    }
}
