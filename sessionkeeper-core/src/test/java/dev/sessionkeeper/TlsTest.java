package dev.sessionkeeper;

import dev.sessionkeeper.events.Subscription;
import dev.sessionkeeper.expiry.ExpiryWorker;
import dev.sessionkeeper.testkit.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store over TLS ({@code rediss://}), verifying the server against a given CA. */
class TlsTest {

    private static RedisServer server;

    @BeforeAll
    static void start() {
        server = RedisServer.builder().tls().build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void sessionsWorkOverTlsWithTheServersCa() throws Exception {
        try (SessionStore store = SessionStore.builder().redis(server.tlsUri()).redisCaCertificate(server.caCertificate())
                .namespace("tls").idleTimeout(Duration.ofMillis(300)).build()) {
            Session s = store.newSession();
            s.set("over", "tls");
            store.save(s);
            assertThat(store.find(s.id()).orElseThrow().get("over")).isEqualTo("tls");
            try (ExpiryWorker worker = store.expiryWorker().maxSleep(Duration.ofMillis(50)).start();
                 Subscription sub = store.events().subscribe("tls", e -> { })) {
                ExpiryContract.await("expiry over TLS", Duration.ofSeconds(10), () -> worker.stats().expired() == 1);
            }
        }
    }

    @Test
    void anUntrustedServerIsRefusedWithAHint() {
        assertThatThrownBy(() -> SessionStore.builder().redis(server.tlsUri()).connectTimeout(Duration.ofSeconds(2)).build())
                .isInstanceOf(RedisUnavailableException.class)
                .hasMessageContaining("certificate");
    }
}
