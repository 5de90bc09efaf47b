package dev.sessionkeeper.sample;

import dev.sessionkeeper.testkit.RedisServer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Spring Security form login on sessionkeeper: {@code java -jar sessionkeeper-spring-boot-sample.jar},
 * then http://localhost:8080 as alice or bob, password "password". Without
 * {@code spring.data.redis.*} or {@code sessionkeeper.redis.url} it starts an embedded Redis.
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        start(args);
    }

    /** Starts the application; the embedded Redis, if any, stops with the JVM. */
    public static ConfigurableApplicationContext start(String... args) {
        SpringApplication app = new SpringApplication(SampleApplication.class);
        app.addInitializers(context -> embeddedRedisUnlessConfigured(context.getEnvironment()));
        return app.run(args);
    }

    private static void embeddedRedisUnlessConfigured(ConfigurableEnvironment env) {
        if (env.containsProperty("sessionkeeper.redis.url") || env.containsProperty("spring.data.redis.url")
                || env.containsProperty("spring.data.redis.host") || env.containsProperty("spring.data.redis.cluster.nodes")) {
            return;
        }
        RedisServer redis = RedisServer.startStandalone();
        env.getPropertySources().addFirst(new MapPropertySource("embeddedRedis",
                Map.of("sessionkeeper.redis.url", redis.uri())));
    }
}
