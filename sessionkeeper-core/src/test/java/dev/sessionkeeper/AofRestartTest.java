package dev.sessionkeeper;

import dev.sessionkeeper.expiry.ExpiryWorker;
import dev.sessionkeeper.internal.SessionIds;
import dev.sessionkeeper.testkit.Fsync;
import dev.sessionkeeper.testkit.RedisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis with appendfsync always, killed with SIGKILL and restarted from its AOF while a worker
 * drains a backlog: each expiry script reached the AOF whole or not at all, so no session is
 * left without its terminal event and none has two.
 *
 * <p>After each restart the AOF is rewritten before the next kill, as docs/reliability.md tells
 * operators to do. A kill can cut a script's MULTI/EXEC block short; Redis loads such a file, with
 * {@code aof-load-truncated yes}, by dropping only the partial tail, so the file keeps
 * an open MULTI, and the writes appended after it are lost at the next restart (seen here on 7.0.15;
 * fixed in Valkey by its pull request 4342). That loss is Redis's, not the scripts'; a rewrite
 * replaces the file by one made from memory, which holds no open MULTI.
 */
class AofRestartTest {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standaloneWithAof(Fsync.ALWAYS);

    @Test
    void redisKilledAndRestartedMidDrainKeepsExactlyOneTerminalEventPerSession() throws Exception {
        String namespace = "aof";
        int count = 20_000;
        try (RawRedis raw = RawRedis.connect(REDIS.uri(), REDIS.nodeUris());
             SessionStore store = SessionStore.builder().redis(REDIS.uri()).namespace(namespace)
                     .createdEvents(false).idleTimeout(Duration.ofSeconds(2)).commandTimeout(Duration.ofMillis(500)).build()) {
            List<String> ids = ExpiryContract.parallel(count, i -> store.create().id());
            ExpiryContract.await("all due", Duration.ofSeconds(30), () -> store.count() == 0);
            try (ExpiryWorker worker = store.expiryWorker().batchSize(20).maxSleep(Duration.ofMillis(50)).start()) {
                for (int round = 0; round < 3; round++) {
                    long before = worker.stats().expired();
                    ExpiryContract.await("some progress", Duration.ofSeconds(30), () -> worker.stats().expired() > before + 1000);
                    REDIS.server().kill();
                    Thread.sleep(200);
                    REDIS.server().restart();
                    rewriteAof(raw);
                }
                ExpiryContract.await("drained", Duration.ofSeconds(60), () -> {
                    try {
                        return worker.stats().backlog() == 0 && dueCount(raw, namespace) == 0;
                    } catch (RuntimeException e) {
                        return false;
                    }
                });
                assertThat(worker.stats().failures()).as("the worker saw Redis go away").isPositive();
            }
            Map<String, List<Map<String, String>>> terminal = EventLog.read(raw, namespace, 16).terminalBySession();
            assertThat(terminal).hasSize(count);
            for (String id : ids) {
                assertThat(terminal.get(id)).as("terminal events of a session").hasSize(1);
            }
        }
    }

    private static void rewriteAof(RawRedis raw) {
        // Until the restarted server has loaded its AOF it answers LOADING.
        ExpiryContract.await("the AOF rewrite started", Duration.ofSeconds(30), () -> {
            try {
                raw.sync().bgrewriteaof();
                return true;
            } catch (RuntimeException loading) {
                return false;
            }
        });
        ExpiryContract.await("the AOF rewritten", Duration.ofSeconds(30), () -> {
            String info = raw.sync().info("persistence");
            return info.contains("aof_rewrite_in_progress:0") && info.contains("aof_rewrite_scheduled:0");
        });
    }

    private static long dueCount(RawRedis raw, String namespace) {
        long total = 0;
        for (int shard = 0; shard < 16; shard++) {
            total += raw.sync().zcard(namespace + ":{" + SessionIds.shardTag(shard) + "}:due");
        }
        return total;
    }
}
