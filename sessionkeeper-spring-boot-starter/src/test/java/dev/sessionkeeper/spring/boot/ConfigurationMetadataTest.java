package dev.sessionkeeper.spring.boot;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** IDEs complete sessionkeeper.* from the metadata the build generates. */
class ConfigurationMetadataTest {

    @Test
    void everyPropertyIsDescribed() throws Exception {
        String json;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).isNotNull();
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String name : new String[] {"sessionkeeper.namespace", "sessionkeeper.shards", "sessionkeeper.idle-timeout",
                "sessionkeeper.absolute-timeout", "sessionkeeper.max-sessions-per-principal",
                "sessionkeeper.limit-policy", "sessionkeeper.snapshot-attributes", "sessionkeeper.worker.enabled",
                "sessionkeeper.events.group", "sessionkeeper.events.mode", "sessionkeeper.redis.url"}) {
            assertThat(json).contains("\"name\": \"" + name + "\"");
        }
        assertThat(json).contains("On by default");
    }

    @Test
    void theAutoConfigurationIsRegistered() throws Exception {
        try (InputStream in = getClass().getResourceAsStream(
                "/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim())
                    .isEqualTo(SessionKeeperAutoConfiguration.class.getName());
        }
    }
}
