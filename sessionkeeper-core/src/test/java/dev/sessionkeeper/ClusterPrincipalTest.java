package dev.sessionkeeper;

import dev.sessionkeeper.internal.Principals;
import dev.sessionkeeper.internal.SessionIds;
import dev.sessionkeeper.testkit.RedisCluster;
import dev.sessionkeeper.testkit.RedisExtension;
import dev.sessionkeeper.testkit.RedisServer;
import dev.sessionkeeper.testkit.SlotMigration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterPrincipalTest extends PrincipalContract {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.cluster();

    @Override
    RedisExtension redis() {
        return REDIS;
    }

    /**
     * While the principal's slot moves to another master, with other users signing in and out of
     * the same slot, listing, the limit and logout everywhere each give the exact answer or fail
     * loudly (so the caller retries after the move): never a partial one.
     */
    @Test
    void listingTheLimitAndLogoutEverywhereAreExactOrFailLoudlyWhileTheSlotMoves() throws Exception {
        SessionStore store = store(b -> b.maxSessionsPerPrincipal(3, LimitPolicy.REFUSE_LOGIN));
        String principal = "hana";
        int shard = Principals.shard(principal, 16);
        Set<String> hers = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            hers.add(store.login(store.newSession(), principal).id());
        }
        List<String> neighbours = new ArrayList<>();
        for (int i = 0; neighbours.size() < 8; i++) {
            if (Principals.shard("n" + i, 16) == shard) {
                neighbours.add("n" + i);
            }
        }
        RedisCluster cluster = REDIS.redisCluster();
        int slot = cluster.slotOf("{" + SessionIds.shardTag(shard) + "}");
        RedisServer source = cluster.ownerOf(slot);
        RedisServer target = cluster.masters().stream().filter(m -> !m.equals(source)).findFirst().orElseThrow();

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger loadCalls = new AtomicInteger();
        ExecutorService load = Executors.newSingleThreadExecutor();
        AtomicInteger loud = new AtomicInteger();
        SessionStore other = store(b -> b.maxSessionsPerPrincipal(3, LimitPolicy.EVICT_LEAST_RECENTLY_USED));
        try (SlotMigration migration = cluster.migrate(slot, target)) {
            Future<?> traffic = load.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    try {
                        String who = neighbours.get(i % neighbours.size());
                        other.login(other.newSession(), who);
                        other.sessionsOf(who);
                    } catch (RedisUnavailableException migrating) {
                        // expected while keys of the slot are on both masters
                    }
                    loadCalls.incrementAndGet();
                }
                return null;
            });
            // The move of a few keys can end before a slow machine has run one neighbour's call,
            // and then the test would have proved nothing about traffic during the move.
            long started = System.nanoTime();
            while (loadCalls.get() == 0) {
                assertThat(System.nanoTime() - started).as("the neighbours' first call, in nanoseconds").isLessThan(30_000_000_000L);
                Thread.sleep(5);
            }
            // First one of her session keys alone, the case that listed 2 of 3 before.
            migration.moveKey(sessionKey(hers.iterator().next()));
            int round = 0;
            do {
                exactOrLoud(() -> assertThat(ids(store.sessionsOf(principal))).isEqualTo(hers), loud);
                exactOrLoud(() -> {
                    try {
                        Session admitted = store.login(store.newSession(), principal);
                        throw new AssertionError("a sign-in over the limit was let in: " + SessionIds.redact(admitted.id()));
                    } catch (SessionLimitExceededException refused) {
                        assertThat(refused.limit()).isEqualTo(3);
                    }
                }, loud);
                round++;
            } while (migration.moveKeys(round % 2 == 0 ? 1 : 3) > 0);
            try {
                assertThat(store.logoutEverywhere(principal)).isEqualTo(3);
                hers.clear();
            } catch (RedisUnavailableException migrating) {
                loud.incrementAndGet();
                for (String id : hers) {
                    assertThat(store.exists(id)).isTrue();
                }
            }
            migration.finish();
            stop.set(true);
            traffic.get();
        } finally {
            stop.set(true);
            load.shutdownNow();
        }
        assertThat(loud.get()).as("calls refused while the slot was half moved").isPositive();
        assertThat(loadCalls.get()).isPositive();
        assertThat(cluster.ownerOf(slot)).isEqualTo(target);
        // After the move: the same answers, now without refusals.
        assertThat(ids(store.sessionsOf(principal))).isEqualTo(hers);
        if (!hers.isEmpty()) {
            assertThatThrownBy(() -> store.login(store.newSession(), principal))
                    .isInstanceOf(SessionLimitExceededException.class);
            assertThat(store.logoutEverywhere(principal)).isEqualTo(3);
        }
        assertThat(store.sessionsOf(principal)).isEmpty();
    }

    private static void exactOrLoud(Runnable check, AtomicInteger loud) {
        try {
            check.run();
        } catch (RedisUnavailableException migrating) {
            loud.incrementAndGet();
        }
    }
}
