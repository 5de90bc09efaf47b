package dev.sessionkeeper.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisServerTest {

    private static RedisClient client;

    @BeforeAll
    static void createClient() {
        client = RedisClient.create();
    }

    @AfterAll
    static void shutdownClient() {
        client.shutdown();
    }

    @Test
    void startsAnswersPingAndStopsForGood() {
        try (RedisServer server = RedisServer.startStandalone()) {
            assertThat(server.isRunning()).isTrue();
            assertThat(server.uri()).isEqualTo("redis://127.0.0.1:" + server.port());
            long pid = server.pid();

            try (StatefulRedisConnection<String, String> connection = client.connect(RedisURI.create(server.uri()))) {
                assertThat(connection.sync().ping()).isEqualTo("PONG");
            }

            server.stop();

            assertThat(server.isRunning()).isFalse();
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            assertThat(handle.map(ProcessHandle::isAlive).orElse(false)).as("pid %d alive", pid).isFalse();
            assertThat(server.logTail(5)).contains("ready to exit");
        }
    }

    @Test
    void appendOnlyFileWithFsyncAlwaysSurvivesKillDashNine() {
        try (RedisServer server = RedisServer.builder().aof(Fsync.ALWAYS).build().start()) {
            int port = server.port();
            try (StatefulRedisConnection<String, String> connection = client.connect(RedisURI.create(server.uri()))) {
                connection.sync().set("session:1", "alice");
            }

            server.kill();
            assertThat(server.isRunning()).isFalse();
            server.restart();

            assertThat(server.port()).isEqualTo(port);
            try (StatefulRedisConnection<String, String> connection = client.connect(RedisURI.create(server.uri()))) {
                assertThat(connection.sync().get("session:1")).isEqualTo("alice");
            }
        }
    }

    @Test
    void withoutPersistenceAKillLosesEverything() {
        try (RedisServer server = RedisServer.startStandalone()) {
            try (StatefulRedisConnection<String, String> connection = client.connect(RedisURI.create(server.uri()))) {
                connection.sync().set("k", "v");
            }
            server.kill();
            server.restart();
            try (StatefulRedisConnection<String, String> connection = client.connect(RedisURI.create(server.uri()))) {
                assertThat(connection.sync().dbsize()).isZero();
            }
        }
    }

    @Test
    void pausedServerDoesNotAnswerUntilResumed() {
        try (RedisServer server = RedisServer.startStandalone();
                StatefulRedisConnection<String, String> connection = client.connect(RedisURI.create(server.uri()))) {
            connection.setTimeout(Duration.ofMillis(300));
            assertThat(connection.sync().ping()).isEqualTo("PONG");

            server.pause();
            assertThatThrownBy(() -> connection.sync().ping()).isInstanceOf(RedisCommandTimeoutException.class);
            assertThat(server.isRunning()).isTrue();

            server.resume();
            connection.setTimeout(Duration.ofSeconds(5));
            assertThat(connection.sync().ping()).isEqualTo("PONG");
        }
    }

    @Test
    void stopEndsAPausedServer() {
        RedisServer server = RedisServer.startStandalone();
        server.pause();
        server.close();
        assertThat(server.isRunning()).isFalse();
    }

    @Test
    void closeDeletesItsOwnDataDirButNotAGivenOne(@TempDir Path given) {
        RedisServer own = RedisServer.startStandalone();
        Path ownDir = own.dataDir();
        own.close();
        assertThat(ownDir).doesNotExist();

        Path dir = given.resolve("redis");
        RedisServer custom = RedisServer.builder().dataDir(dir).build().start();
        custom.close();
        assertThat(dir.resolve("redis.log")).exists();
        assertThatThrownBy(custom::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void serversGetDistinctPortsWithFreeClusterBusPorts() {
        try (RedisServer a = RedisServer.startStandalone(); RedisServer b = RedisServer.startStandalone()) {
            assertThat(a.port()).isNotEqualTo(b.port());
            assertThat(a.dataDir()).isNotEqualTo(b.dataDir());
            assertThat(a.port() + 10000).isLessThanOrEqualTo(65535);
        }
    }

    @Test
    void extraConfigIsApplied() {
        try (RedisServer server = RedisServer.builder().config("maxmemory", "10mb").config("save", "3600 1").build().start();
                StatefulRedisConnection<String, String> connection = client.connect(RedisURI.create(server.uri()))) {
            assertThat(connection.sync().configGet("maxmemory")).containsEntry("maxmemory", "10485760");
            assertThat(connection.sync().configGet("save")).containsEntry("save", "3600 1");
            assertThat(connection.sync().configGet("bind")).containsEntry("bind", "127.0.0.1");
        }
    }

    @Test
    void failedStartReportsWhatRedisSaid() {
        try (RedisServer server = RedisServer.builder().config("no-such-directive", "x").build()) {
            assertThatThrownBy(server::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Bad directive");
            assertThat(server.isRunning()).isFalse();
        }
    }

    @Test
    void flushAllEmptiesTheServer() {
        try (RedisServer server = RedisServer.startStandalone();
                StatefulRedisConnection<String, String> connection = client.connect(RedisURI.create(server.uri()))) {
            connection.sync().set("a", "1");
            server.flushAll();
            assertThat(connection.sync().dbsize()).isZero();
        }
    }

    @Test
    void logFileLivesInTheDataDir() throws Exception {
        try (RedisServer server = RedisServer.startStandalone()) {
            assertThat(server.logFile().getParent()).isEqualTo(server.dataDir());
            assertThat(Files.readString(server.logFile())).contains("Ready to accept connections");
        }
    }
}
