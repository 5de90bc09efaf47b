package dev.sessionkeeper;

import dev.sessionkeeper.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Redis at maxmemory with the noeviction policy refuses writes. Reading sessions goes on
 * (without the slide, counted); every write fails with {@link RedisFullException} and writes
 * nothing, so no session ends without its event. A Redis of its own: the test fills it.
 */
class RedisFullTest {

    private RedisServer server;
    private RedisClient client;
    private RedisCommands<String, String> raw;
    private SessionStore store;

    @BeforeEach
    void start() {
        server = RedisServer.builder().config("maxmemory-policy", "noeviction").build().start();
        client = RedisClient.create(server.uri());
        StatefulRedisConnection<String, String> c = client.connect();
        raw = c.sync();
        store = SessionStore.builder().redis(server.uri()).namespace("full").shards(1)
                .idleTimeout(Duration.ofMinutes(30)).build();
    }

    @AfterEach
    void stop() {
        store.close();
        client.shutdown();
        server.close();
    }

    /** Fills Redis past a small maxmemory. */
    private void fill() {
        raw.set("ballast", "x".repeat(2 * 1024 * 1024));
        raw.configSet("maxmemory", "1mb");
    }

    private void free() {
        raw.configSet("maxmemory", "0");
    }

    private String key(String id) {
        return "full:{000}:s:" + id;
    }

    private long events() {
        return raw.exists("full:{000}:events") == 0 ? 0 : raw.xlen("full:{000}:events");
    }

    @Test
    void aFullRedisStillServesReadsWithoutTheSlideAndSaysSo() {
        Session s = store.newSession();
        s.set("cart", "3 items");
        store.save(s);
        long deadline = SessionHeaderField.DEADLINE.read(raw, key(s.id()));
        fill();

        Session read = store.find(s.id()).orElseThrow();
        assertThat(read.get("cart")).isEqualTo("3 items");
        assertThat(SessionHeaderField.DEADLINE.read(raw, key(s.id()))).as("the deadline did not move").isEqualTo(deadline);
        assertThat(store.stats().unslidReads()).isEqualTo(1);
        store.find(s.id()).orElseThrow();
        assertThat(store.stats().unslidReads()).isEqualTo(2);

        free();
        store.find(s.id()).orElseThrow();
        assertThat(store.stats().unslidReads()).isEqualTo(2);
        assertThat(SessionHeaderField.DEADLINE.read(raw, key(s.id()))).isNotEqualTo(deadline);
    }

    @Test
    void writesToAFullRedisFailClearlyAndWriteNothing() {
        Session s = store.newSession();
        s.set("cart", "3 items");
        store.save(s);
        long eventsBefore = events();
        fill();

        Session loaded = store.find(s.id()).orElseThrow();
        loaded.set("cart", "4 items");
        assertThatThrownBy(() -> store.save(loaded)).isInstanceOf(RedisFullException.class)
                .hasMessageContaining("is full").hasMessageContaining("maxmemory");
        Session draft = store.newSession();
        draft.set("a", 1);
        assertThatThrownBy(() -> store.save(draft)).isInstanceOf(RedisFullException.class);
        assertThatThrownBy(() -> store.destroy(s.id(), DestroyReason.LOGOUT)).isInstanceOf(RedisFullException.class);
        assertThatThrownBy(() -> store.login(loaded, "alice")).isInstanceOf(RedisUnavailableException.class);

        assertThat(raw.exists(key(s.id()))).as("the session survives the refused destroy").isOne();
        assertThat(raw.exists(key(draft.id()))).isZero();
        assertThat(events()).as("no event for anything refused").isEqualTo(eventsBefore);

        free();
        assertThat(store.find(s.id()).orElseThrow().get("cart")).isEqualTo("3 items");
        assertThat(store.destroy(s.id(), DestroyReason.LOGOUT)).isTrue();
        assertThat(events()).isEqualTo(eventsBefore + 1);
    }

    @Test
    void aDeadSessionMetWhileRedisIsFullIsGoneAndEndsOnceMemoryIsBack() {
        SessionStore shortLived = SessionStore.builder().redis(server.uri()).namespace("full").shards(1)
                .idleTimeout(Duration.ofMillis(200)).build();
        try {
            Session s = shortLived.create();
            long eventsBefore = events();
            fill();
            StoreContract.sleep(300);
            assertThat(shortLived.find(s.id())).isEmpty();
            assertThat(raw.exists(key(s.id()))).as("left for later: its event could not be written").isOne();
            assertThat(events()).isEqualTo(eventsBefore);

            free();
            assertThat(shortLived.find(s.id())).isEmpty();
            assertThat(raw.exists(key(s.id()))).isZero();
            assertThat(events()).isEqualTo(eventsBefore + 1);
        } finally {
            shortLived.close();
        }
    }
}
