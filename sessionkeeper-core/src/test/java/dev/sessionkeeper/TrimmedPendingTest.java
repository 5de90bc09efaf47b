package dev.sessionkeeper;

import dev.sessionkeeper.events.SessionEvent;
import dev.sessionkeeper.events.Subscription;
import dev.sessionkeeper.testkit.RedisBinary;
import dev.sessionkeeper.testkit.RedisExtension;
import io.lettuce.core.Consumer;
import io.lettuce.core.XReadArgs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entries that a dead consumer left pending and that retention then trimmed from the stream are
 * acknowledged by the reclaimer, so the pending list cannot grow without end. Redis 6.2 answers
 * XAUTOCLAIM with a nil body for such entries, 7.0 drops them from the pending list itself: both
 * must end with an empty pending list. Run on 6.2 by pointing SESSIONKEEPER_REDIS_SERVER at the
 * 6.2 binary (docs/reliability.md); the default run uses 7.x.
 */
class TrimmedPendingTest {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standalone();

    @Test
    void trimmedPendingEntriesAreAcknowledged() {
        String ns = "trimmed";
        try (SessionStore store = SessionStore.builder().redis(REDIS.uri()).namespace(ns).shards(1).build();
             RawRedis raw = RawRedis.connect(REDIS.uri(), List.of(REDIS.uri()))) {
            String stream = ns + ":{000}:events";
            raw.sync().xgroupCreate(XReadArgs.StreamOffset.from(stream, "0-0"), "mail",
                    io.lettuce.core.XGroupCreateArgs.Builder.mkstream());
            for (int i = 0; i < 20; i++) {
                store.destroy(store.create().id(), DestroyReason.LOGOUT);
            }
            // A consumer reads everything and dies before acknowledging; then retention trims it all.
            assertThat(raw.sync().xreadgroup(Consumer.from("mail", "dead"), XReadArgs.Builder.count(1000),
                    XReadArgs.StreamOffset.lastConsumed(stream))).isNotEmpty();
            raw.sync().xtrim(stream, 0);
            assertThat(raw.sync().xpending(stream, "mail").getCount()).isGreaterThan(0);

            List<SessionEvent> delivered = new CopyOnWriteArrayList<>();
            try (Subscription survivor = store.events().group("mail").visibilityTimeout(Duration.ofMillis(200))
                    .subscribe(delivered::add)) {
                ExpiryContract.await("pending list of a trimmed stream drained on Redis "
                                + RedisBinary.locate().version(), Duration.ofSeconds(15),
                        () -> raw.sync().xpending(stream, "mail").getCount() == 0);
            }
            assertThat(delivered).as("nothing is left to deliver of a trimmed entry").isEmpty();
        }
    }
}
