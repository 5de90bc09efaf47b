package dev.sessionkeeper.spring.boot;

import dev.sessionkeeper.micrometer.SessionKeeperMetrics;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.spring.session.ReactiveSessionKeeperSessionRepository;
import dev.sessionkeeper.testkit.RedisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseCookie;
import org.springframework.session.ReactiveFindByIndexNameSessionRepository;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.WebSession;
import reactor.core.scheduler.Schedulers;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebFlux application on Reactor Netty, started by Boot with the starter's auto-configuration,
 * end to end over HTTP: the SESSION cookie, an attribute set, read back and changed, a sign-in
 * that rotates the id, and an invalidation, each checked in the store. No store call (each of
 * which waits for Redis) runs on a Netty event loop, not even the rotation of a
 * {@code changeSessionId()} that the application makes on one.
 */
class WebFluxEndToEndTest {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standalone();

    /** Store methods that wait for Redis. */
    private static final Set<String> REDIS_CALLS = Set.of("create", "find", "save", "saveIfVersion", "login", "rotate",
            "sessionsOf", "logoutEverywhere", "logoutOthers", "destroy", "exists", "count");

    /** The thread of every store call that waits for Redis, and whether it was an event loop. */
    static final List<String> CALLS = new CopyOnWriteArrayList<>();
    static final AtomicBoolean CHANGED_ON_EVENT_LOOP = new AtomicBoolean();

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {

        private SessionStore real;
        private final SessionKeeperMetrics metrics = new SessionKeeperMetrics();

        /** The real store, with each Redis-bound call's thread recorded on the way through. */
        @Bean(destroyMethod = "close")
        SessionStore sessionKeeperStore() {
            real = SessionStore.builder().redis(REDIS.uri()).namespace("webflux").observer(metrics).build();
            return (SessionStore) Proxy.newProxyInstance(SessionStore.class.getClassLoader(),
                    new Class<?>[] {SessionStore.class}, (proxy, method, args) -> {
                        if (REDIS_CALLS.contains(method.getName())) {
                            CALLS.add(method.getName() + " on " + Thread.currentThread().getName()
                                    + (Schedulers.isInNonBlockingThread() ? " (event loop)" : ""));
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        /** The meters observe the store underneath the recording one. */
        @Bean
        SessionKeeperMetrics sessionKeeperMetrics() {
            return metrics;
        }

        @Bean
        RouterFunction<ServerResponse> routes() {
            return RouterFunctions.route()
                    .POST("/theme/{value}", req -> req.session().flatMap(s -> {
                        s.getAttributes().put("theme", req.pathVariable("value"));
                        return ServerResponse.ok().bodyValue(s.getId());
                    }))
                    .GET("/theme", req -> req.session().flatMap(s ->
                            ServerResponse.ok().bodyValue(String.valueOf(s.getAttributes().get("theme")))))
                    // The session first, then the body, which arrives on the event loop, so that
                    // changeSessionId() is called there, as a sign-in reading a form does.
                    .POST("/sign-in", req -> req.session().then(req.bodyToMono(String.class)).flatMap(name ->
                            req.session().flatMap(s -> {
                                s.getAttributes().put(ReactiveFindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, name);
                                CHANGED_ON_EVENT_LOOP.set(Schedulers.isInNonBlockingThread());
                                return s.changeSessionId();
                            })).then(ServerResponse.ok().build()))
                    .POST("/sign-out", req -> req.session().flatMap(WebSession::invalidate)
                            .then(ServerResponse.ok().build()))
                    .build();
        }
    }

    @Test
    void aSessionLivesReadsChangesSignsInAndEndsThroughWebFluxWithoutBlockingAnEventLoop() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.REACTIVE)
                .properties("server.port=0", "sessionkeeper.worker.enabled=false", "sessionkeeper.events.enabled=false")
                .run()) {
            assertThat(context.getBean(ReactiveSessionKeeperSessionRepository.class)).isNotNull();
            SessionStore store = context.getBean(SessionStore.class);
            WebTestClient http = WebTestClient.bindToServer()
                    .baseUrl("http://localhost:" + context.getEnvironment().getProperty("local.server.port")).build();

            EntityExchangeResult<String> created = http.post().uri("/theme/dark").exchange()
                    .expectStatus().isOk().expectBody(String.class).returnResult();
            String id = sessionCookie(created);
            assertThat(id).isEqualTo(created.getResponseBody());
            assertThat(store.inspector().describe(id).orElseThrow().attributes()).containsEntry("theme", "dark");

            http.get().uri("/theme").cookie("SESSION", id).exchange()
                    .expectStatus().isOk().expectBody(String.class).isEqualTo("dark");
            http.post().uri("/theme/light").cookie("SESSION", id).exchange().expectStatus().isOk();
            assertThat(store.inspector().describe(id).orElseThrow().attributes()).containsEntry("theme", "light");

            EntityExchangeResult<byte[]> signedIn = http.post().uri("/sign-in").cookie("SESSION", id).bodyValue("alice")
                    .exchange().expectStatus().isOk().expectBody().returnResult();
            assertThat(CHANGED_ON_EVENT_LOOP).as("the application called changeSessionId() on an event loop").isTrue();
            String rotated = sessionCookie(signedIn);
            assertThat(rotated).isNotEqualTo(id);
            assertThat(store.exists(id)).as("the old id is dead").isFalse();
            assertThat(store.sessionsOf("alice")).singleElement().satisfies(s -> assertThat(s.id()).isEqualTo(rotated));
            http.get().uri("/theme").cookie("SESSION", rotated).exchange()
                    .expectStatus().isOk().expectBody(String.class).isEqualTo("light");

            EntityExchangeResult<byte[]> signedOut = http.post().uri("/sign-out").cookie("SESSION", rotated).exchange()
                    .expectStatus().isOk().expectBody().returnResult();
            assertThat(signedOut.getResponseCookies().getFirst("SESSION")).isNotNull()
                    .satisfies(c -> assertThat(c.getMaxAge()).isZero());
            assertThat(store.exists(rotated)).isFalse();
            assertThat(store.sessionsOf("alice")).isEmpty();
            assertThat(store.count()).isZero();

            assertThat(CALLS).as("store calls").anySatisfy(c -> assertThat(c).startsWith("login on boundedElastic"))
                    .noneMatch(c -> c.contains("(event loop)"));
        }
    }

    private static String sessionCookie(EntityExchangeResult<?> result) {
        ResponseCookie cookie = result.getResponseCookies().getFirst("SESSION");
        assertThat(cookie).as("SESSION cookie").isNotNull();
        return cookie.getValue();
    }
}
