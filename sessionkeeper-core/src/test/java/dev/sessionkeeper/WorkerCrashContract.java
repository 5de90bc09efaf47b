package dev.sessionkeeper;

import dev.sessionkeeper.expiry.ExpiryWorker;
import dev.sessionkeeper.internal.SessionIds;
import dev.sessionkeeper.testkit.RedisExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of worker processes (real child JVMs), again and again, in the middle of draining a
 * backlog: afterwards every session has exactly one terminal event, and nothing is left behind.
 */
abstract class WorkerCrashContract {

    abstract RedisExtension redis();

    abstract int sessions();

    private RawRedis raw;
    private final String namespace = "crash" + System.nanoTime() % 100000;

    @BeforeEach
    void connect() {
        raw = RawRedis.connect(redis().uri(), redis().nodeUris());
    }

    @AfterEach
    void close() throws Exception {
        raw.close();
    }

    long backlog() {
        long total = 0;
        for (int shard = 0; shard < 16; shard++) {
            total += raw.sync().zcard(namespace + ":{" + SessionIds.shardTag(shard) + "}:due");
        }
        return total;
    }

    @Test
    void killedWorkersLoseNothingAndDuplicateNothing() throws Exception {
        int count = sessions();
        try (SessionStore store = SessionStore.builder().redis(redis().uri()).namespace(namespace)
                .createdEvents(false).idleTimeout(Duration.ofSeconds(3)).build()) {
            List<String> ids = ExpiryContract.parallel(count, i -> {
                Session s = store.newSession();
                s.set("n", i);
                store.save(s);
                return s.id();
            });
            ExpiryContract.await("all sessions due", Duration.ofSeconds(30),
                    () -> store.count() == 0);

            int kills = 0;
            Path logFile = Files.createTempFile("worker-process", ".log");
            while (kills < 4) {
                long before = backlog();
                Process worker = startWorker(logFile.toFile());
                long deadline = System.currentTimeMillis() + 20_000;
                // Let it drain a little, then kill it mid-drain at a random moment.
                long target = before - Math.max(500, before / 10 + ThreadLocalRandom.current().nextInt(500));
                while (backlog() > target && System.currentTimeMillis() < deadline) {
                    Thread.sleep(5);
                }
                worker.destroyForcibly();
                assertThat(worker.waitFor(10, TimeUnit.SECONDS)).isTrue();
                long after = backlog();
                assertThat(after).as("the worker was killed mid-drain (log: %s)", logFile).isPositive().isLessThan(before);
                kills++;
            }
            try (ExpiryWorker worker = store.expiryWorker().start()) {
                ExpiryContract.await("drained", Duration.ofSeconds(60), () -> backlog() == 0);
            }

            Map<String, List<Map<String, String>>> terminal = EventLog.read(raw, namespace, 16).terminalBySession();
            assertThat(terminal).hasSize(count);
            for (String id : ids) {
                assertThat(terminal.get(id)).as("terminal events of a session").hasSize(1);
                assertThat(terminal.get(id).get(0)).containsEntry("type", "expired");
            }
        }
    }

    private Process startWorker(File log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), WorkerProcess.class.getName(),
                redis().uri(), namespace, "50")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                .start();
    }
}
