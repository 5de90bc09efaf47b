package dev.sessionkeeper.spring.boot;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How Boot's spring.data.redis.* settings become the store's Redis URL. */
class RedisSettingsTest {

    private static RedisSettings of(Map<String, String> properties) {
        return RedisSettings.from(new Binder(new MapConfigurationPropertySource(properties)), new SessionKeeperProperties());
    }

    @Test
    void defaultsToLocalhost() {
        assertThat(of(Map.of()).url()).isEqualTo("redis://localhost:6379");
    }

    @Test
    void hostPortDatabaseAndCredentials() {
        assertThat(of(Map.of("spring.data.redis.host", "cache", "spring.data.redis.port", "6380",
                "spring.data.redis.database", "2", "spring.data.redis.username", "app",
                "spring.data.redis.password", "p@ss word")).url())
                .isEqualTo("redis://app:p%40ss%20word@cache:6380/2");
        assertThat(of(Map.of("spring.data.redis.password", "secret")).url()).isEqualTo("redis://:secret@localhost:6379");
    }

    @Test
    void urlWithSsl() {
        assertThat(of(Map.of("spring.data.redis.url", "redis://h:1")).url()).isEqualTo("redis://h:1");
        assertThat(of(Map.of("spring.data.redis.url", "redis://h:1", "spring.data.redis.ssl.enabled", "true")).url())
                .isEqualTo("rediss://h:1");
    }

    @Test
    void clusterNodes() {
        assertThat(of(Map.of("spring.data.redis.cluster.nodes", "a:1,b:2", "spring.data.redis.password", "pw")).url())
                .isEqualTo("redis-cluster://:pw@a:1,b:2");
    }

    @Test
    void sentinel() {
        assertThat(of(Map.of("spring.data.redis.sentinel.master", "mymaster",
                "spring.data.redis.sentinel.nodes", "s1:26379,s2:26379",
                "spring.data.redis.sentinel.password", "sp")).url())
                .isEqualTo("redis-sentinel://sp@s1:26379,s2:26379#mymaster");
    }

    @Test
    void sslBundleGivesTheCaFromAPemTrustStore() {
        RedisSettings s = of(Map.of("spring.data.redis.host", "h", "spring.data.redis.ssl.bundle", "redis",
                "spring.ssl.bundle.pem.redis.truststore.certificate", "/etc/ca.pem"));
        assertThat(s.url()).isEqualTo("rediss://h:6379");
        assertThat(s.caCertificate()).isEqualTo(Path.of("/etc/ca.pem"));
        assertThatThrownBy(() -> of(Map.of("spring.data.redis.ssl.bundle", "jks")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PEM bundle");
    }

    @Test
    void sessionkeepersOwnUrlWins() {
        SessionKeeperProperties p = new SessionKeeperProperties();
        p.getRedis().setUrl("redis://own:1");
        assertThat(RedisSettings.from(new Binder(new MapConfigurationPropertySource(
                Map.of("spring.data.redis.url", "redis://boot:2"))), p).url()).isEqualTo("redis://own:1");
    }
}
