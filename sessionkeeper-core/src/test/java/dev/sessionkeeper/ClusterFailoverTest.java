package dev.sessionkeeper;

import dev.sessionkeeper.expiry.ExpiryWorker;
import dev.sessionkeeper.testkit.RedisCluster;
import dev.sessionkeeper.testkit.RedisExtension;
import dev.sessionkeeper.testkit.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Redis Cluster master killed with SIGKILL under load: its replica is promoted, the store
 * follows the new topology (adaptive refresh), the worker resumes on the promoted node, and no
 * session ever gets two terminal events. A second store waits for a replica on every write
 * (replicationWait, WAIT on the connection of the node that ran the write): none of the sessions
 * it acknowledged is lost across the failover. Two replicas per master, so that the promoted one
 * still has a replica to wait for.
 */
class ClusterFailoverTest {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.cluster(3, 2);

    @Test
    void theStoreAndTheWorkerFollowAMasterFailover() throws Exception {
        RedisCluster cluster = REDIS.redisCluster();
        try (SessionStore store = SessionStore.builder().redis(REDIS.uri()).namespace("cfo")
                .idleTimeout(Duration.ofSeconds(2)).commandTimeout(Duration.ofMillis(500)).build();
             SessionStore durable = SessionStore.builder().redis(REDIS.uri()).namespace("cfo-durable")
                .idleTimeout(Duration.ofSeconds(2)).commandTimeout(Duration.ofMillis(500))
                .replicationWait(1, Duration.ofSeconds(1)).build()) {
            CreateLoad load = new CreateLoad(store, 3);
            CreateLoad durableLoad = new CreateLoad(durable, 3);
            try (ExpiryWorker worker = store.expiryWorker().maxSleep(Duration.ofMillis(100)).maxInFlight(3).start();
                 ExpiryWorker durableWorker = durable.expiryWorker().maxSleep(Duration.ofMillis(100)).start()) {
                Thread.sleep(1500);
                RedisServer victim = cluster.masters().get(0);
                victim.kill();
                long killedAt = System.currentTimeMillis();
                ExpiryContract.await("every shard writable again", Duration.ofSeconds(30),
                        () -> allShardsWritable(store) && allShardsWritable(durable));
                long recoveredMs = System.currentTimeMillis() - killedAt;
                Thread.sleep(1000);
                load.close();
                durableLoad.close();
                Set<String> acked = load.acknowledged;
                Set<String> durableAcked = durableLoad.acknowledged;
                ExpiryContract.await("everything expired", Duration.ofSeconds(40), () -> {
                    try {
                        return store.count() == 0 && durable.count() == 0;
                    } catch (RedisUnavailableException notYet) {
                        return false;
                    }
                });
                StoreContract.sleep(500);
                List<String> live = new ArrayList<>(cluster.nodeUris());
                live.remove(victim.uri());
                try (RawRedis raw = RawRedis.connect("redis-cluster://" + String.join(",", live).replace("redis://", ""), live)) {
                    Map<String, List<Map<String, String>>> terminal = EventLog.read(raw, "cfo", 16).terminalBySession();
                    terminal.values().forEach(events -> assertThat(events).hasSize(1));
                    long lost = acked.stream().filter(id -> !terminal.containsKey(id)).count();
                    Map<String, List<Map<String, String>>> durableTerminal =
                            EventLog.read(raw, "cfo-durable", 16).terminalBySession();
                    durableTerminal.values().forEach(events -> assertThat(events).hasSize(1));
                    long durableLost = durableAcked.stream().filter(id -> !durableTerminal.containsKey(id)).count();
                    System.out.printf("cluster failover: every shard writable %d ms after the kill; plain: %d acknowledged,"
                            + " %d lost (written to the old master, not yet replicated); replicationWait(1): %d"
                            + " acknowledged, %d lost%n", recoveredMs, acked.size(), lost, durableAcked.size(), durableLost);
                    assertThat(durableLost).as("acknowledged sessions lost despite WAIT").isZero();
                    assertThat(durableAcked).isNotEmpty();
                }
                assertThat(worker.stats().expired()).isPositive();
            }
        }
    }

    /** True when a session can be created in every shard (so every slot owner answers). */
    private static boolean allShardsWritable(SessionStore store) {
        try {
            Set<String> shards = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < 200 && shards.size() < 16; i++) {
                shards.add(store.create().id().substring(0, 3));
            }
            return shards.size() == 16;
        } catch (RedisUnavailableException notYet) {
            return false;
        }
    }
}
