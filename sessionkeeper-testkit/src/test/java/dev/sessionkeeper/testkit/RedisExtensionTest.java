package dev.sessionkeeper.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

class RedisExtensionTest {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.standalone();

    private static RedisClient client;

    @BeforeAll
    static void createClient(RedisServer server) {
        assertThat(server.isRunning()).isTrue();
        client = RedisClient.create();
    }

    @AfterAll
    static void shutdownClient() {
        client.shutdown();
    }

    @Test
    void staticFieldGivesTheClassARunningServer(RedisServer server) {
        assertThat(redis.isCluster()).isFalse();
        assertThat(server).isSameAs(redis.server());
        assertThat(redis.uri()).isEqualTo(server.uri());
        assertThat(redis.nodeUris()).containsExactly(server.uri());
        assertThatThrownBy(redis::redisCluster).isInstanceOf(IllegalStateException.class);

        try (StatefulRedisConnection<String, String> c = client.connect(RedisURI.create(redis.uri()))) {
            c.sync().set("k", "v");
            redis.flushAll();
            assertThat(c.sync().dbsize()).isZero();
        }
    }

    @Test
    void failingTestCarriesTheRedisLogTail() {
        EngineExecutionResults results = runScenario(FailingScenario.class);

        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        Throwable failure = failureOf(results.testEvents().failed().stream().findFirst().orElseThrow());
        assertThat(failure).isInstanceOf(AssertionError.class).hasMessageContaining("deliberate");
        assertThat(failure.getSuppressed()).hasSize(1);
        String tail = failure.getSuppressed()[0].getMessage();
        assertThat(tail)
                .contains("Last 50 log lines of Redis redis://127.0.0.1:" + FailingScenario.port)
                .contains("Ready to accept connections");
        assertThat(tail.lines().count()).isLessThanOrEqualTo(52);
    }

    @Test
    void failingLifecycleMethodCarriesTheRedisLogTail() {
        EngineExecutionResults results = runScenario(FailingBeforeEachScenario.class);

        Throwable failure = failureOf(results.testEvents().failed().stream().findFirst().orElseThrow());
        assertThat(Arrays.stream(failure.getSuppressed()).map(Throwable::getMessage))
                .anySatisfy(m -> assertThat(m).contains("Ready to accept connections"));
    }

    @Test
    void staticFieldSharesOneServerAndStopsItAfterTheClass() {
        StaticScenario.seen.clear();
        EngineExecutionResults results = runScenario(StaticScenario.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(3).failed(0));
        assertThat(StaticScenario.seen).hasSize(3);
        assertThat(StaticScenario.seen.stream().distinct()).hasSize(1);
        assertThat(StaticScenario.seen.get(0).isRunning()).isFalse();
        assertThat(StaticScenario.seen.get(0).dataDir()).doesNotExist();
    }

    @Test
    void instanceFieldGivesEachTestItsOwnServer() {
        InstanceScenario.seen.clear();
        EngineExecutionResults results = runScenario(InstanceScenario.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
        assertThat(InstanceScenario.seen).hasSize(2);
        assertThat(InstanceScenario.seen.get(0)).isNotSameAs(InstanceScenario.seen.get(1));
        assertThat(InstanceScenario.seen).noneMatch(RedisServer::isRunning);
    }

    @Test
    void aofExtensionPersistsAcrossKill() {
        EngineExecutionResults results = runScenario(AofScenario.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    }

    @Nested
    class NestedClass {
        @Test
        void seesTheOuterServer(RedisServer server) {
            assertThat(server).isSameAs(redis.server());
            assertThat(server.isRunning()).isTrue();
        }
    }

    @Nested
    class Cluster {
        @RegisterExtension
        final RedisExtension cluster = RedisExtension.cluster();

        @Test
        void runsAThreeMasterClusterForThisTest(RedisCluster injected) {
            assertThat(cluster.isCluster()).isTrue();
            assertThat(injected).isSameAs(cluster.redisCluster());
            assertThat(cluster.uri()).startsWith("redis-cluster://127.0.0.1:").contains(",");
            assertThat(cluster.nodeUris()).hasSize(3);
            assertThatThrownBy(cluster::server).isInstanceOf(IllegalStateException.class);

            RedisClusterClient clusterClient = RedisClusterClient.create(
                    cluster.nodeUris().stream().map(RedisURI::create).collect(Collectors.toList()));
            try (StatefulRedisClusterConnection<String, String> c = clusterClient.connect()) {
                c.sync().set("a", "1");
                c.sync().set("b", "2");
                cluster.flushAll();
                assertThat(c.sync().dbsize()).isZero();
            } finally {
                clusterClient.shutdown();
            }
        }
    }

    private static EngineExecutionResults runScenario(Class<?> scenario) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(OnlyInEngineTestKit.PARAMETER, "true")
                .selectors(selectClass(scenario))
                .execute();
    }

    private static Throwable failureOf(Event event) {
        return event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).orElseThrow();
    }

    @ExtendWith(OnlyInEngineTestKit.class)
    static class FailingScenario {
        @RegisterExtension
        static final RedisExtension redis = RedisExtension.standalone();

        static volatile int port;

        @Test
        void fails(RedisServer server) {
            port = server.port();
            throw new AssertionError("deliberate failure");
        }
    }

    @ExtendWith(OnlyInEngineTestKit.class)
    static class FailingBeforeEachScenario {
        @RegisterExtension
        final RedisExtension redis = RedisExtension.standalone();

        @org.junit.jupiter.api.BeforeEach
        void setUp() {
            throw new IllegalStateException("deliberate setup failure");
        }

        @Test
        void neverRuns() {
        }
    }

    @ExtendWith(OnlyInEngineTestKit.class)
    static class StaticScenario {
        @RegisterExtension
        static final RedisExtension redis = RedisExtension.standalone();

        static final List<RedisServer> seen = new CopyOnWriteArrayList<>();

        @Test
        void one(RedisServer server) {
            seen.add(server);
        }

        @Test
        void two(RedisServer server) {
            seen.add(server);
        }

        @Test
        void three(RedisServer server) {
            seen.add(server);
        }
    }

    @ExtendWith(OnlyInEngineTestKit.class)
    static class InstanceScenario {
        @RegisterExtension
        final RedisExtension redis = RedisExtension.standalone();

        static final List<RedisServer> seen = new ArrayList<>();

        @Test
        void one(RedisServer server) {
            assertThat(server.isRunning()).isTrue();
            seen.add(server);
        }

        @Test
        void two(RedisServer server) {
            assertThat(server.isRunning()).isTrue();
            seen.add(server);
        }
    }

    @ExtendWith(OnlyInEngineTestKit.class)
    static class AofScenario {
        @RegisterExtension
        static final RedisExtension redis = RedisExtension.standaloneWithAof(Fsync.EVERYSEC);

        @Test
        void survives() {
            RedisClient c = RedisClient.create(redis.uri());
            try {
                try (StatefulRedisConnection<String, String> conn = c.connect()) {
                    conn.sync().set("k", "v");
                    conn.sync().bgrewriteaof();
                }
                redis.server().stop();
                redis.server().restart();
                try (StatefulRedisConnection<String, String> conn = c.connect()) {
                    assertThat(conn.sync().get("k")).isEqualTo("v");
                }
            } finally {
                c.shutdown();
            }
        }
    }
}
