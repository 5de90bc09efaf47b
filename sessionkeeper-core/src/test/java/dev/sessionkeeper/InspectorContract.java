package dev.sessionkeeper;

import dev.sessionkeeper.events.GroupStatus;
import dev.sessionkeeper.expiry.ExpiryWorker;
import dev.sessionkeeper.inspect.ServerFacts;
import dev.sessionkeeper.inspect.SessionDescription;
import dev.sessionkeeper.inspect.ShardStatus;
import dev.sessionkeeper.inspect.WorkerHeartbeat;
import dev.sessionkeeper.internal.SessionIds;
import dev.sessionkeeper.micrometer.SessionKeeperMetrics;
import io.lettuce.core.XReadArgs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The operator's read-only views: shard figures, heartbeats, describe, server facts. */
abstract class InspectorContract extends RedisContract {

    @Test
    void shardsReportLiveSessionsBacklogOldestOverdueRecentEventsAndGroupLag() throws Exception {
        SessionStore store = store(b -> b.idleTimeout(Duration.ofMillis(200)));
        for (int i = 0; i < 5; i++) {
            store.create();
        }
        Thread.sleep(300);
        SessionStore longLived = store(b -> b.idleTimeout(Duration.ofMinutes(5)));
        for (int i = 0; i < 3; i++) {
            longLived.create();
        }
        // A group created at the start of every shard's stream that never reads: its lag is every event.
        for (int shard = 0; shard < 16; shard++) {
            String stream = namespace + ":{" + SessionIds.shardTag(shard) + "}:events";
            if (raw.sync().exists(stream) == 1) {
                raw.sync().xgroupCreate(XReadArgs.StreamOffset.from(stream, "0-0"), "idle");
            }
        }

        List<ShardStatus> shards = store.inspector().shards();

        assertThat(shards).hasSize(16);
        assertThat(shards.stream().mapToLong(ShardStatus::liveSessions).sum()).isEqualTo(3);
        assertThat(shards.stream().mapToLong(ShardStatus::dueBacklog).sum()).isEqualTo(5);
        assertThat(shards.stream().mapToLong(ShardStatus::events).sum()).isEqualTo(8);
        assertThat(shards.stream().mapToLong(ShardStatus::deadLetters).sum()).isZero();
        assertThat(shards.stream().mapToLong(s -> s.recentEvents().getOrDefault("created", 0L)).sum()).isEqualTo(8);
        Instant now = shards.get(0).at();
        assertThat(shards.stream().filter(s -> s.dueBacklog() > 0))
                .allSatisfy(s -> assertThat(s.oldestOverdue()).isBefore(now.minusMillis(50)));
        assertThat(shards.stream().filter(s -> s.dueBacklog() == 0)).allSatisfy(s -> assertThat(s.oldestOverdue()).isNull());
        List<GroupStatus> groups = shards.stream().flatMap(s -> s.groups().stream()).toList();
        assertThat(groups).isNotEmpty().allSatisfy(g -> {
            assertThat(g.name()).isEqualTo("idle");
            assertThat(g.pending()).isZero();
            assertThat(g.lagCapped()).isFalse();
        });
        assertThat(groups.stream().mapToLong(GroupStatus::lag).sum()).isEqualTo(8);
    }

    @Test
    void describeReadsASessionWithoutSlidingItsDeadline() throws Exception {
        SessionStore store = store(b -> b.idleTimeout(Duration.ofSeconds(2)));
        Session s = store.newSession();
        s.set("theme", "dark");
        s.set("cart", List.of(1, 2));
        store.save(s);
        Session signedIn = store.login(s, "alice");
        Thread.sleep(100);

        SessionDescription first = store.inspector().describe(signedIn.id()).orElseThrow();
        Thread.sleep(100);
        SessionDescription second = store.inspector().describe(signedIn.id()).orElseThrow();

        assertThat(second.deadline()).isEqualTo(first.deadline());
        assertThat(second.readAt()).isAfter(first.readAt());
        assertThat(first.principal()).isEqualTo("alice");
        assertThat(first.attributes()).isEqualTo(Map.of("theme", "dark", "cart", List.of(1, 2)));
        assertThat(first.undecodable()).isEmpty();
        assertThat(first.idleTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(first.isLive()).isTrue();
        assertThat(first.timeLeft()).isBetween(Duration.ofMillis(1), Duration.ofSeconds(2));
        assertThat(first.shard()).isEqualTo(Integer.parseInt(signedIn.id().substring(0, 3)));

        store.find(signedIn.id()).orElseThrow();
        assertThat(store.inspector().describe(signedIn.id()).orElseThrow().deadline()).isAfter(first.deadline());
        assertThat(store.inspector().describe("not an id")).isEmpty();
        assertThat(store.inspector().describe(store.newSession().id())).isEmpty();
    }

    @Test
    void describeShowsASessionPastItsDeadlineThatNoWorkerRemovedYetAsNotLive() throws Exception {
        SessionStore store = store(b -> b.idleTimeout(Duration.ofMillis(100)));
        Session s = store.create();
        Thread.sleep(200);

        SessionDescription d = store.inspector().describe(s.id()).orElseThrow();

        assertThat(d.isLive()).isFalse();
        assertThat(d.timeLeft()).isNegative();
        assertThat(store.exists(s.id())).isFalse();
    }

    @Test
    void workersWriteHeartbeatsThatSayWhenTheyStopped() {
        SessionStore store = store();
        ExpiryWorker worker = store.expiryWorker().shards(0, 1, 2, 5).heartbeatInterval(Duration.ofMillis(100)).start();
        ExpiryContract.await("a heartbeat", Duration.ofSeconds(5),
                () -> store.inspector().workers().stream().anyMatch(w -> w.id().equals(worker.id()) && w.isLive()));
        WorkerHeartbeat running = store.inspector().workers().get(0);
        assertThat(running.id()).isEqualTo(worker.id()).contains("-" + ProcessHandle.current().pid() + "-");
        assertThat(running.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(running.shards()).isEqualTo("0-2,5");
        assertThat(running.interval()).isEqualTo(Duration.ofMillis(100));
        assertThat(running.silentFor()).isLessThan(Duration.ofSeconds(2));
        assertThat(running.started()).isBeforeOrEqualTo(running.lastSeen());

        worker.close();

        WorkerHeartbeat stopped = store.inspector().workers().get(0);
        assertThat(stopped.stopped()).isTrue();
        assertThat(stopped.isLive()).isFalse();
        assertThat(raw.sync().pttl(namespace + ":{workers}")).isPositive();
        assertThat(raw.sync().pttl(namespace + ":{workers}:" + worker.id())).isPositive();
    }

    @Test
    void serversReportVersionConfigClockAndScripts() {
        List<ServerFacts> servers = store().inspector().servers();

        assertThat(servers).hasSize(redis().isCluster() ? 3 : 1).allSatisfy(f -> {
            assertThat(f.info()).containsKey("redis_version");
            assertThat(f.config()).containsKeys("maxmemory-policy", "appendonly", "save");
            assertThat(f.configError()).isNull();
            assertThat(f.user()).isEqualTo("default");
            assertThat(f.openWithoutPassword()).isTrue();
            assertThat(Math.abs(f.clockSkewMillis())).isLessThan(1000);
            assertThat(f.scriptLoadError()).isNull();
            if (redis().isCluster()) {
                assertThat(f.clusterInfo()).containsEntry("cluster_state", "ok").containsEntry("cluster_slots_ok", "16384");
            } else {
                assertThat(f.clusterInfo()).isNull();
            }
        });
    }

    @Test
    void metricsTimeEachScript() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SessionKeeperMetrics metrics = new SessionKeeperMetrics();
        SessionStore store = store(b -> b.observer(metrics));
        metrics.bindTo(registry);
        Session s = store.create();
        store.find(s.id());

        assertThat(registry.get("sessionkeeper.script").tag("script", "create").tag("outcome", "ok").timer().count()).isEqualTo(1);
        assertThat(registry.get("sessionkeeper.script").tag("script", "find").timer().count()).isEqualTo(1);
    }
}
