package dev.sessionkeeper;

import dev.sessionkeeper.events.SessionEvent;
import dev.sessionkeeper.events.Subscription;
import dev.sessionkeeper.expiry.ExpiryWorker;
import dev.sessionkeeper.internal.SessionIds;
import dev.sessionkeeper.testkit.RedisCluster;
import dev.sessionkeeper.testkit.RedisServer;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One master of a cluster is killed and stays down (no replica takes over): the worker and the
 * group's reclaimer go on with every shard the other masters hold. The sessions there expire on
 * time, and their events, whose first delivery fails on purpose, are redelivered by the
 * reclaimer; a group subscribed while the master is down gets them too.
 */
class ClusterShardIsolationTest {

    private static final int SESSIONS = 320;

    @Test
    void aDeadMasterStallsNoShardOfTheOthers() throws Exception {
        try (RedisCluster cluster = RedisCluster.builder().masters(3).replicasPerMaster(0)
                .config("cluster-require-full-coverage", "no").build().start()) {
            String uri = cluster.uri();
            try (SessionStore store = SessionStore.builder().redis(uri).namespace("iso")
                    .idleTimeout(Duration.ofSeconds(3)).commandTimeout(Duration.ofMillis(500)).build()) {
                // The victim holds shard 000, the first one every pass over the shards meets.
                int victimSlot = SlotHash.getSlot("{000}");
                RedisServer victim = cluster.masters().stream().filter(m -> owns(m, victimSlot)).findFirst().orElseThrow();
                Set<String> healthyShards = new HashSet<>();
                for (int shard = 0; shard < 16; shard++) {
                    if (!owns(victim, SlotHash.getSlot("{" + SessionIds.shardTag(shard) + "}"))) {
                        healthyShards.add(SessionIds.shardTag(shard));
                    }
                }
                assertThat(healthyShards).isNotEmpty().hasSizeLessThan(16);

                Map<String, SessionEvent> redelivered = new ConcurrentHashMap<>();
                try (Subscription group = store.events().group("audit").visibilityTimeout(Duration.ofMillis(500))
                        .maxDeliveries(10).subscribe(e -> {
                            if (e.deliveryCount() == 1) {
                                throw new IllegalStateException("first delivery fails, so the reclaimer must act");
                            }
                            if (e.type() == SessionEvent.Type.EXPIRED) {
                                redelivered.put(e.sessionId(), e);
                            }
                        });
                     ExpiryWorker worker = store.expiryWorker().maxSleep(Duration.ofMillis(100)).start()) {
                    Set<String> healthy = new HashSet<>();
                    for (int i = 0; i < SESSIONS; i++) {
                        String id = store.create().id();
                        if (healthyShards.contains(id.substring(0, 3))) {
                            healthy.add(id);
                        }
                    }
                    victim.kill();
                    // An instance that starts while the master is down still subscribes, and reads the others.
                    // A short visibility timeout: on a cluster a blocking read can time out in the client
                    // after the command timeout while Redis still hands it entries, which then wait
                    // to be reclaimed.
                    Set<String> lateGroup = ConcurrentHashMap.newKeySet();
                    try (Subscription late = store.events().group("started-during-outage").fromStartOfRetention()
                            .visibilityTimeout(Duration.ofMillis(500)).subscribe(e -> {
                        if (e.type() == SessionEvent.Type.EXPIRED) {
                            lateGroup.add(e.sessionId());
                        }
                    })) {
                        try {
                            ExpiryContract.await("every session of the healthy masters expired and its event redelivered",
                                    Duration.ofSeconds(30), () -> redelivered.keySet().containsAll(healthy)
                                            && lateGroup.containsAll(healthy));
                        } catch (AssertionError e) {
                            Set<String> a = new HashSet<>(healthy);
                            a.removeAll(redelivered.keySet());
                            Set<String> b = new HashSet<>(healthy);
                            b.removeAll(lateGroup);
                            throw new AssertionError(e.getMessage() + ": of " + healthy.size() + ", " + a.size()
                                    + " not redelivered, " + b.size() + " not delivered to the group started during the"
                                    + " outage; shards " + b.stream().map(id -> id.substring(0, 3)).distinct().sorted().toList());
                        }
                    }
                    long late = redelivered.values().stream().filter(e -> healthy.contains(e.sessionId()))
                            .mapToLong(SessionEvent::latenessMillis).max().orElseThrow();
                    System.out.printf("dead master: %d sessions on %d healthy shards, all expired; worst lateness %d ms%n",
                            healthy.size(), healthyShards.size(), late);
                    // Generous: the poll bound is 100 ms; one failed call per pass may cost a command timeout.
                    assertThat(late).isLessThan(3000);
                    assertThat(worker.stats().failures()).isPositive();
                }
            }
        }
    }

    private static boolean owns(RedisServer master, int slot) {
        try (RawRedis raw = RawRedis.connect(master.uri(), List.of(master.uri()))) {
            for (Object range : raw.sync().clusterSlots()) {
                List<?> r = (List<?>) range;
                long from = (Long) r.get(0);
                long to = (Long) r.get(1);
                List<?> owner = (List<?>) r.get(2);
                if (slot >= from && slot <= to && ((Long) owner.get(1)).intValue() == master.port()) {
                    return true;
                }
            }
            return false;
        }
    }
}
