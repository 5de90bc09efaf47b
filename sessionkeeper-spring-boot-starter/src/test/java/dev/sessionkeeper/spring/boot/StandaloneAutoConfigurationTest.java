package dev.sessionkeeper.spring.boot;

import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.spring.session.SessionKeeperSessionRepository;
import dev.sessionkeeper.testkit.RedisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class StandaloneAutoConfigurationTest extends AutoConfigurationContract {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standalone();

    @Override
    RedisExtension redis() {
        return REDIS;
    }

    @Override
    String[] redisProperties() {
        return new String[] {"spring.data.redis.url=" + REDIS.uri()};
    }

    @Test
    void redisFromBootsHostAndPort() {
        URI uri = URI.create(REDIS.uri());
        runner().withPropertyValues("spring.data.redis.url=", "spring.data.redis.host=" + uri.getHost(),
                "spring.data.redis.port=" + uri.getPort()).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(SessionStore.class).count()).isZero();
                });
    }

    @Test
    void redisFromSessionkeepersOwnUrlWins() {
        runner().withPropertyValues("spring.data.redis.url=redis://127.0.0.1:1", "sessionkeeper.redis.url=" + REDIS.uri())
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(SessionKeeperSessionRepository.class));
    }
}
