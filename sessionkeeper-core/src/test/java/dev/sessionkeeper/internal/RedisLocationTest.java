package dev.sessionkeeper.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisLocationTest {

    @Test
    void standaloneUrls() {
        RedisLocation plain = RedisLocation.parse("redis://localhost:6380/2");
        assertThat(plain.cluster()).isFalse();
        assertThat(plain.uris().get(0).getPort()).isEqualTo(6380);
        assertThat(plain.uris().get(0).getDatabase()).isEqualTo(2);
        assertThat(RedisLocation.parse("rediss://host:6379").uris().get(0).isSsl()).isTrue();
    }

    @Test
    void clusterUrls() {
        RedisLocation c = RedisLocation.parse("redis-cluster://user:pw@h1:7000,h2:7001");
        assertThat(c.cluster()).isTrue();
        assertThat(c.uris()).hasSize(2);
        assertThat(c.uris().get(1).getHost()).isEqualTo("h2");
        assertThat(c.uris().get(1).getUsername()).isEqualTo("user");
        assertThat(String.valueOf(c.uris().get(1).getPassword())).isEqualTo("pw");
        assertThat(RedisLocation.parse("redis://h1:7000,h2:7001").cluster()).isTrue();
        assertThat(RedisLocation.parse("rediss-cluster://h1:7000").uris().get(0).isSsl()).isTrue();
    }

    @Test
    void passwordsAreMaskedInDescriptions() {
        assertThat(RedisLocation.parse("redis://u:secret@h:1").toString()).isEqualTo("redis://u:***@h:1");
        assertThat(RedisLocation.parse("redis://secret@h:1").toString()).isEqualTo("redis://***@h:1");
        assertThat(RedisLocation.parse("redis://h:1").toString()).isEqualTo("redis://h:1");
    }

    @Test
    void badUrlsSayWhatIsExpected() {
        assertThatThrownBy(() -> RedisLocation.parse("localhost:6379")).hasMessageContaining("no scheme");
        assertThatThrownBy(() -> RedisLocation.parse("http://h:1")).hasMessageContaining("unsupported Redis URL scheme");
        assertThatThrownBy(() -> RedisLocation.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> RedisLocation.parse("redis-cluster://h:1/0,h2:2")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> RedisLocation.parse("redis://u:secret@h:notaport"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
    }
}
