package dev.sessionkeeper;

import dev.sessionkeeper.inspect.PrincipalPage;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The operator's read-only views: shard figures, heartbeats, describe, server facts. */
abstract class InspectorContract extends RedisContract {

    /**
     * The principals that have a live session, each once, page by page over every shard: not
     * those whose sessions all ended (logged out, destroyed) nor those whose sessions are past
     * their deadline with no worker running; read-only; and bounded, so that a principal with
     * more dead entries than a call reads ends the page early, with a cursor, rather than make a long call.
     */
    @Test
    void principalsListsEachSignedInPrincipalOncePageByPage() {
        SessionStore store = store(b -> b.idleTimeout(Duration.ofMinutes(5)));
        SessionStore shortLived = store(b -> b.idleTimeout(Duration.ofMillis(200)));
        java.util.Set<String> expected = new java.util.TreeSet<>();
        for (int i = 0; i < 300; i++) {
            String principal = "user" + i + (i % 7 == 0 ? "-\u00e9t\u00e9" : "");
            for (int k = 0; k <= i % 3; k++) {
                store.login(store.newSession(), principal);
            }
            expected.add(principal);
        }
        for (int i = 0; i < 20; i++) {
            store.login(store.newSession(), "gone" + i);
            assertThat(store.logoutEverywhere("gone" + i)).isEqualTo(1);
        }
        assertThat(store.destroy(store.login(store.newSession(), "destroyed").id(), DestroyReason.LOGOUT)).isTrue();
        for (int i = 0; i < 30; i++) {
            shortLived.login(shortLived.newSession(), "late" + i);
        }
        for (int i = 0; i < 1050; i++) {
            shortLived.login(shortLived.newSession(), "crowd");
        }
        shortLived.login(shortLived.newSession(), "mixed");
        store.login(store.newSession(), "mixed");
        expected.add("mixed");
        StoreContract.sleep(300);
        long entries = indexEntries();
        long calls = raw.scriptCalls();

        List<String> paged = new java.util.ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            PrincipalPage page = store.inspector().principals(cursor, 37);
            assertThat(page.principals()).hasSizeLessThanOrEqualTo(37);
            paged.addAll(page.principals());
            cursor = page.cursor();
            pages++;
        } while (cursor != null);
        long walkCalls = raw.scriptCalls() - calls;

        assertThat(paged).doesNotHaveDuplicates();
        assertThat(new java.util.TreeSet<>(paged)).isEqualTo(expected);
        assertThat(pages).isGreaterThanOrEqualTo(301 / 37 + 1);
        assertThat(store.inspector().principals(null, 1000).isLast())
                .as("301 principals fit a page of 1,000, but the 1,050 dead entries of one take more than a call reads")
                .isFalse();
        assertThat(walkCalls).as("one call per page, and one more per shard at most").isLessThanOrEqualTo(pages + 16L);
        assertThat(store.inspector().principals().collect(java.util.stream.Collectors.toSet())).isEqualTo(expected);
        assertThat(indexEntries()).as("read-only: the dead entries wait for the worker").isEqualTo(entries);
        assertThatThrownBy(() -> store.inspector().principals("3:not base64!", 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.inspector().principals("16:", 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.inspector().principals(null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store(b -> b.namespace(namespace + "-empty")).inspector().principals(null, 10))
                .isEqualTo(new PrincipalPage(List.of(), null));
    }

    private long indexEntries() {
        long total = 0;
        for (int shard = 0; shard < 16; shard++) {
            total += raw.sync().zcard(namespace + ":{" + SessionIds.shardTag(shard) + "}:principals");
        }
        return total;
    }

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
