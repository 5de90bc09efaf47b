package dev.sessionkeeper.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.app.Cli;
import dev.sessionkeeper.expiry.ExpiryWorker;
import dev.sessionkeeper.testkit.RedisExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code doctor} against deliberately bad Redis settings and deployments, each on a Redis of its own (the
 * extension on an instance field starts one per test), so that changing its configuration cannot leak.
 */
class DoctorTest {

    @RegisterExtension
    final RedisExtension redis = RedisExtension.standalone();

    @Test
    void aHealthySetupPassesWithItsWarningsPrinted() throws Exception {
        admin(c -> c.configSet("appendonly", "yes"));
        try (SessionStore store = store(); ExpiryWorker worker = startWorker(store)) {
            store.create();
            Cli run = doctor();

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out())
                    .contains("ok    version (127.0.0.1:", "(6.2 or newer needed)")
                    .containsPattern("Redis (6\\.[2-9]|[7-9]\\.|\\d{2,}\\.)")
                    .contains("ok    eviction policy", "maxmemory-policy is noeviction")
                    .contains("ok    persistence", "AOF is on")
                    .contains("ok    scripts", "ok    function library", "ok    clock", "ok    expiry workers: 1 running (" + worker.id())
                    .contains("ok    due backlog", "ok    expiry lateness")
                    .contains("warn  authentication", "tolerable on localhost only", "fix: Set a password")
                    .contains("No problems, 1 warning.")
                    .doesNotContain("FAIL");
        }
    }

    @Test
    void anEvictionPolicyThatDropsSessionKeysIsAProblem() throws Exception {
        admin(c -> {
            c.configSet("appendonly", "yes");
            c.configSet("maxmemory-policy", "allkeys-lru");
        });
        try (SessionStore store = store(); ExpiryWorker worker = startWorker(store)) {
            Cli run = doctor();

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.out()).contains("FAIL  eviction policy", "maxmemory-policy is allkeys-lru",
                    "fix: CONFIG SET maxmemory-policy noeviction", "1 problem, 1 warning.");
        }
        admin(c -> c.configSet("maxmemory-policy", "volatile-lru"));
        try (SessionStore store = store(); ExpiryWorker worker = startWorker(store)) {
            Cli run = doctor();
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("warn  eviction policy", "volatile-lru: risky", "every session key has a TTL");
        }
    }

    @Test
    void noWorkerAndNoPersistenceAreProblems() {
        try (SessionStore store = store()) {
            store.create();
        }
        Cli run = doctor();

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL  persistence", "persistence is off (no AOF, no RDB save)",
                "fix: CONFIG SET appendonly yes")
                .contains("FAIL  expiry workers: no expiry worker seen", "fix: Run ./sessionkeeper worker")
                .contains("warn  expiry lateness: no running worker reports it.")
                .contains("2 problems");
    }

    @Test
    void aStoppedWorkerWithABacklogIsReportedWithTheOverdueSessions() throws Exception {
        admin(c -> c.configSet("appendonly", "yes"));
        try (SessionStore store = store()) {
            store.create();
        }
        // A worker that died two minutes ago (its heartbeat went stale, it never said it stopped), and sessions
        // due a minute ago that nobody expired.
        admin(c -> {
            // To the millisecond: whole seconds would make "due a minute ago" up to 999 ms older, and the stats
            // line below read "1 min 1 s ago" in some runs. The seconds still grow with the time doctor takes
            // on a loaded host, so the stats line is matched to the minute.
            List<String> time = c.time();
            long now = Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
            c.zadd("doc:{workers}", now - 120_000, "db-host-4242-abcdef");
            c.hset("doc:{workers}:db-host-4242-abcdef", Map.of("host", "db-host", "pid", "4242", "shards", "0-15",
                    "interval", "5000", "state", "running", "seen", Long.toString(now - 120_000),
                    "started", Long.toString(now - 3_600_000), "expired", "17", "backlog", "0", "p99", "3"));
            for (int i = 0; i < 3; i++) {
                c.zadd("doc:{00" + i + "}:due", now - 60_000 - i, "00" + i + "AAAAAAAAAAAAAAAAAAAAAAA" + i);
            }
        });
        Cli run = doctor();

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out())
                .contains("FAIL  expiry workers: no worker running: the last one, db-host-4242-abcdef, went silent 2 min")
                .contains("FAIL  due backlog: 3 sessions are past their deadline without an expired event, the oldest for 1 min")
                .contains("no worker is keeping up", "fix: Start a worker");

        Cli stats = Cli.run("stats", "--redis", redis.uri(), "--namespace", "doc");
        assertThat(stats.out()).contains("Workers: 0 running, 1 stopped or silent", "db-host-4242-abcdef", "silent")
                .containsPattern("all\\s+1\\s+3\\s+1 min \\d{1,2} s ago");
    }

    @Test
    void checksThatAnAclForbidsAreWarningsNotCrashes() throws Exception {
        admin(c -> {
            c.configSet("appendonly", "yes");
            c.aclSetuser("ops", io.lettuce.core.AclSetuserArgs.Builder.on().addPassword("pw").allKeys().allCommands()
                    .removeCommand(io.lettuce.core.protocol.CommandType.CONFIG));
        });
        try (SessionStore store = store(); ExpiryWorker worker = startWorker(store)) {
            Cli run = Cli.run("doctor", "--redis", redis.uri().replace("redis://", "redis://ops:pw@"), "--namespace", "doc");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("warn  eviction policy (", "cannot check (CONFIG not allowed", "NOPERM")
                    .contains("ok    persistence", "AOF is on");
        }
    }

    @Test
    void aUserWhoMayNotLoadTheFunctionLibraryIsWarnedWhereRedisHasFunctions() throws Exception {
        boolean[] hasFunctions = new boolean[1];
        admin(c -> {
            c.configSet("appendonly", "yes");
            hasFunctions[0] = !c.info("server").contains("redis_version:6.");
            io.lettuce.core.AclSetuserArgs rule = io.lettuce.core.AclSetuserArgs.Builder.on().addPassword("pw").allKeys()
                    .allChannels().allCommands();
            // 6.2 has no FUNCTION command, and refuses a rule naming it.
            c.aclSetuser("ops", hasFunctions[0] ? rule.removeCommand(io.lettuce.core.protocol.CommandType.FUNCTION) : rule);
        });
        String uri = redis.uri().replace("redis://", "redis://ops:pw@");
        try (SessionStore store = SessionStore.builder().redis(uri).namespace("doc").build();
             ExpiryWorker worker = startWorker(store)) {
            store.create();
            Cli run = Cli.run("doctor", "--redis", uri, "--namespace", "doc");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            if (hasFunctions[0]) {
                assertThat(run.out()).contains("warn  function library (", "FUNCTION LOAD fails", "NOPERM",
                        "Scripts run by EVALSHA", "fix: Allow FCALL and FUNCTION LOAD");
            } else {
                assertThat(run.out()).contains("ok    function library (", "has no functions: scripts run by EVALSHA");
            }
        }
    }

    private Cli doctor() {
        return Cli.run("doctor", "--redis", redis.uri(), "--namespace", "doc");
    }

    private SessionStore store() {
        return SessionStore.builder().redis(redis.uri()).namespace("doc").build();
    }

    private static ExpiryWorker startWorker(SessionStore store) throws InterruptedException {
        ExpiryWorker worker = store.expiryWorker().heartbeatInterval(Duration.ofMillis(100)).start();
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (store.inspector().workers().stream().noneMatch(w -> w.id().equals(worker.id())) && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        return worker;
    }

    private void admin(Consumer<RedisCommands<String, String>> action) {
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            action.accept(c.sync());
        } finally {
            client.shutdown();
        }
    }
}
