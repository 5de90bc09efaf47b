package dev.sessionkeeper;

import dev.sessionkeeper.testkit.Fsync;
import dev.sessionkeeper.testkit.RedisExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Redis slow, down, and back: calls fail with the one documented exception within the command
 * timeout (never hang), and the store recovers by itself. Each test owns its Redis process,
 * because it stops or freezes it.
 */
class RedisFailureTest {

    // A test must fail, not hang, if a bound is broken: generous next to the 300 ms timeout.
    private static final Duration NEVER_HANGS = Duration.ofSeconds(20);

    @RegisterExtension
    final RedisExtension redis = RedisExtension.standaloneWithAof(Fsync.ALWAYS);

    private SessionStore store;

    private SessionStore store() {
        store = SessionStore.builder().redis(redis.uri()).namespace("fail")
                .commandTimeout(Duration.ofMillis(300)).connectTimeout(Duration.ofSeconds(1)).build();
        return store;
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void frozenRedisGivesTimeoutsNotHangsAndRecovers() {
        SessionStore store = store();
        Session s = store.create();
        redis.server().pause();
        try {
            assertTimeoutPreemptively(NEVER_HANGS, () -> {
                assertThatThrownBy(() -> store.find(s.id()))
                        .isInstanceOf(RedisUnavailableException.class)
                        .hasMessageContaining("did not answer")
                        .hasMessageContaining("300 ms");
                Session draft = store.newSession();
                draft.set("a", 1);
                assertThatThrownBy(() -> store.save(draft)).isInstanceOf(RedisUnavailableException.class);
                assertThatThrownBy(store::count).isInstanceOf(RedisUnavailableException.class);
            });
        } finally {
            redis.server().resume();
        }
        assertThat(awaitFind(store, s.id())).isTrue();
    }

    @Test
    void slowRedisGivesTimeoutsNotHangs() throws Exception {
        SessionStore store = store();
        Session s = store.create();
        Thread sleeper = new Thread(() -> {
            try (RawRedis raw = RawRedis.connect(redis.uri(), redis.nodeUris())) {
                raw.sync().dispatch(io.lettuce.core.protocol.CommandType.DEBUG,
                        new io.lettuce.core.output.StatusOutput<>(io.lettuce.core.codec.StringCodec.UTF8),
                        new io.lettuce.core.protocol.CommandArgs<>(io.lettuce.core.codec.StringCodec.UTF8).add("SLEEP").add("2"));
            }
        });
        sleeper.start();
        Thread.sleep(200);
        assertTimeoutPreemptively(NEVER_HANGS, () ->
                assertThatThrownBy(() -> store.find(s.id()))
                        .isInstanceOf(RedisUnavailableException.class)
                        .hasMessageContaining("did not answer"));
        sleeper.join();
        assertThat(store.find(s.id())).isPresent();
    }

    @Test
    void stoppedRedisFailsFastAndTheStoreReconnectsWhenItIsBack() {
        SessionStore store = store();
        Session s = store.newSession();
        s.set("kept", "yes");
        store.save(s);
        redis.server().kill();
        assertTimeoutPreemptively(NEVER_HANGS, () ->
                assertThatThrownBy(() -> store.find(s.id())).isInstanceOf(RedisUnavailableException.class));
        redis.server().restart();
        // AOF with appendfsync always: the acknowledged session survived the kill -9.
        assertThat(awaitFind(store, s.id())).isTrue();
        assertThat(store.find(s.id()).orElseThrow().get("kept")).isEqualTo("yes");
        // The restarted Redis has an empty script cache: EVALSHA falls back to EVAL unseen.
        Session loaded = store.find(s.id()).orElseThrow();
        loaded.set("after", "restart");
        assertThat(store.save(loaded)).isEqualTo(SaveResult.SAVED);
    }

    @Test
    void unreachableRedisAtStartupSaysWhatToCheck() {
        String uri = redis.uri();
        redis.server().kill();
        assertTimeoutPreemptively(NEVER_HANGS, () ->
                assertThatThrownBy(() -> SessionStore.builder().redis(uri).connectTimeout(Duration.ofSeconds(1)).build())
                        .isInstanceOf(RedisUnavailableException.class)
                        .hasMessageContaining("cannot connect to Redis at " + uri)
                        .hasMessageContaining("Check that Redis is running"));
    }

    @Test
    void passwordsNeverAppearInErrors() {
        String uri = redis.uri().replace("redis://", "redis://admin:s3cret@");
        redis.server().kill();
        assertThatThrownBy(() -> SessionStore.builder().redis(uri).connectTimeout(Duration.ofSeconds(1)).build())
                .isInstanceOf(RedisUnavailableException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret").contains("admin:***@"));
    }

    private static boolean awaitFind(SessionStore store, String id) {
        long end = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < end) {
            try {
                return store.find(id).isPresent();
            } catch (RedisUnavailableException e) {
                StoreContract.sleep(100);
            }
        }
        return false;
    }
}
