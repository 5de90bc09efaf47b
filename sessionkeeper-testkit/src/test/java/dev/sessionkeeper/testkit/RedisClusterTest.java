package dev.sessionkeeper.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisClusterTest {

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
    void threeMastersCoverAllSlotsAndServeKeys() {
        try (RedisCluster cluster = RedisCluster.builder().masters(3).build().start()) {
            assertThat(cluster.nodes()).hasSize(3);
            assertThat(cluster.replicas()).isEmpty();
            assertThat(cluster.uri()).isEqualTo(cluster.masters().stream()
                    .map(m -> "127.0.0.1:" + m.port()).collect(Collectors.joining(",", "redis-cluster://", "")));
            assertThat(cluster.nodeUris()).allMatch(u -> u.startsWith("redis://127.0.0.1:"));

            for (RedisServer node : cluster.nodes()) {
                try (StatefulRedisConnection<String, String> c = client.connect(RedisURI.create(node.uri()))) {
                    String info = c.sync().clusterInfo();
                    assertThat(info).contains("cluster_state:ok", "cluster_slots_assigned:16384", "cluster_known_nodes:3");
                }
            }

            RedisClusterClient clusterClient = RedisClusterClient.create(
                    cluster.nodeUris().stream().map(RedisURI::create).collect(Collectors.toList()));
            try (StatefulRedisClusterConnection<String, String> c = clusterClient.connect()) {
                RedisAdvancedClusterCommands<String, String> commands = c.sync();
                for (int i = 0; i < 100; i++) {
                    commands.set("session:" + i, "v" + i);
                }
                for (int i = 0; i < 100; i++) {
                    assertThat(commands.get("session:" + i)).isEqualTo("v" + i);
                }
                long slotsCovered = commands.clusterSlots().stream()
                        .map(range -> (List<?>) range)
                        .mapToLong(range -> ((Number) range.get(1)).longValue() - ((Number) range.get(0)).longValue() + 1)
                        .sum();
                assertThat(slotsCovered).isEqualTo(RedisCluster.SLOTS);
            } finally {
                clusterClient.shutdown();
            }

            for (RedisServer master : cluster.masters()) {
                try (StatefulRedisConnection<String, String> c = client.connect(RedisURI.create(master.uri()))) {
                    assertThat(c.sync().dbsize()).as("keys on %s", master).isPositive();
                }
            }

            cluster.flushAll();
            for (RedisServer master : cluster.masters()) {
                try (StatefulRedisConnection<String, String> c = client.connect(RedisURI.create(master.uri()))) {
                    assertThat(c.sync().dbsize()).isZero();
                }
            }

            String uriBefore = cluster.uri();
            cluster.stop();
            assertThat(cluster.nodes()).noneMatch(RedisServer::isRunning);
            cluster.start();
            assertThat(cluster.uri()).isEqualTo(uriBefore);
            try (StatefulRedisConnection<String, String> c = client.connect(RedisURI.create(cluster.masters().get(1).uri()))) {
                assertThat(c.sync().clusterInfo()).contains("cluster_state:ok", "cluster_known_nodes:3");
            }
        }
    }

    @Test
    void replicasAreAttachedToTheirMasters() {
        try (RedisCluster cluster = RedisCluster.builder().masters(3).replicasPerMaster(1).build().start()) {
            assertThat(cluster.nodes()).hasSize(6);
            assertThat(cluster.replicas()).hasSize(3);

            for (RedisServer replica : cluster.replicas()) {
                try (StatefulRedisConnection<String, String> c = client.connect(RedisURI.create(replica.uri()))) {
                    String replication = c.sync().info("replication");
                    assertThat(replication).contains("role:slave", "master_link_status:up",
                            "master_port:" + cluster.masterOf(replica).port());
                }
            }
            for (RedisServer master : cluster.masters()) {
                try (StatefulRedisConnection<String, String> c = client.connect(RedisURI.create(master.uri()))) {
                    RedisCommands<String, String> commands = c.sync();
                    assertThat(commands.info("replication")).contains("role:master", "connected_slaves:1");
                    assertThat(commands.clusterNodes().lines().filter(l -> l.contains("slave")).count()).isEqualTo(3);
                }
            }

            RedisServer firstMaster = cluster.masters().get(0);
            RedisServer itsReplica = cluster.replicas().get(0);
            try (StatefulRedisConnection<String, String> master = client.connect(RedisURI.create(firstMaster.uri()));
                    StatefulRedisConnection<String, String> replica = client.connect(RedisURI.create(itsReplica.uri()))) {
                String key = firstMasterKey(master.sync());
                master.sync().set(key, "1");
                assertThat(master.sync().waitForReplication(1, 5000)).isEqualTo(1L);
                replica.sync().readOnly();
                assertThat(replica.sync().get(key)).isEqualTo("1");
            }
        }
    }

    @Test
    void aSlotMovesStepByStepWhileClientsKeepReadingAndMultiKeyCallsFailLoudly() {
        try (RedisCluster cluster = RedisCluster.builder().masters(3).build().start()) {
            int slot = cluster.slotOf("{tag}");
            RedisServer source = cluster.ownerOf(slot);
            RedisServer target = cluster.masters().stream().filter(m -> !m.equals(source)).findFirst().orElseThrow();
            RedisClusterClient clusterClient = RedisClusterClient.create(
                    cluster.nodeUris().stream().map(RedisURI::create).collect(Collectors.toList()));
            try (StatefulRedisClusterConnection<String, String> c = clusterClient.connect()) {
                RedisAdvancedClusterCommands<String, String> commands = c.sync();
                for (int i = 0; i < 10; i++) {
                    commands.set("{tag}:" + i, "v" + i);
                }
                SlotMigration migration = cluster.migrate(slot, target);
                assertThat(migration.source()).isEqualTo(source);
                assertThat(migration.moveKey("{tag}:0")).isTrue();
                assertThat(migration.keysLeft()).isEqualTo(9);
                // One key at the target, one at the source: the client follows ASK for the first, and a
                // command naming both is refused rather than half served.
                assertThat(commands.get("{tag}:0")).isEqualTo("v0");
                assertThat(commands.get("{tag}:1")).isEqualTo("v1");
                assertThatThrownBy(() -> commands.mget("{tag}:0", "{tag}:1"))
                        .hasMessageContaining("TRYAGAIN");
                assertThat(migration.moveKeys(4)).isEqualTo(4);
                migration.finish();
                assertThat(migration.keysLeft()).isZero();
                assertThat(cluster.ownerOf(slot)).isEqualTo(target);
                for (int i = 0; i < 10; i++) {
                    assertThat(commands.get("{tag}:" + i)).isEqualTo("v" + i);
                }
                assertThat(commands.mget("{tag}:0", "{tag}:1")).hasSize(2);
                migration.close();
            } finally {
                clusterClient.shutdown();
            }
        }
    }

    private static String firstMasterKey(RedisCommands<String, String> commands) {
        for (int i = 0; ; i++) {
            if (commands.clusterKeyslot("key" + i) < RedisCluster.SLOTS / 3) {
                return "key" + i;
            }
        }
    }
}
