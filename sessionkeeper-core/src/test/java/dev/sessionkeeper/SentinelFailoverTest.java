package dev.sessionkeeper;

import dev.sessionkeeper.expiry.ExpiryWorker;
import dev.sessionkeeper.testkit.SentinelGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Sentinel-managed master killed with SIGKILL under load: the store follows the promoted
 * replica by itself, the worker resumes there, no session gets two terminal events, and with
 * {@code replicationWait} every acknowledged session survives the failover.
 */
class SentinelFailoverTest {

    private static SentinelGroup group;

    @BeforeAll
    static void start() {
        group = SentinelGroup.builder().replicas(2).build().start();
    }

    @AfterAll
    static void stop() {
        group.close();
    }

    @Test
    void theStoreFollowsAFailoverAndWaitedWritesSurviveIt() throws Exception {
        try (SessionStore plain = store("plain", false); SessionStore durable = store("durable", true)) {
            CreateLoad plainLoad = new CreateLoad(plain, 2);
            CreateLoad durableLoad = new CreateLoad(durable, 2);
            try (ExpiryWorker w1 = plain.expiryWorker().maxSleep(Duration.ofMillis(100)).start();
                 ExpiryWorker w2 = durable.expiryWorker().maxSleep(Duration.ofMillis(100)).start()) {
                Thread.sleep(1500);
                int formerMaster = group.master().port();
                group.master().kill();
                long killedAt = System.currentTimeMillis();
                group.awaitFailover(formerMaster, Duration.ofSeconds(30));
                long failoverMs = System.currentTimeMillis() - killedAt;
                // Both stores serve again once they have reconnected to the new master.
                ExpiryContract.await("the store serving again", Duration.ofSeconds(30), () -> {
                    try {
                        return plain.create() != null && durable.create() != null;
                    } catch (RedisUnavailableException notYet) {
                        return false;
                    }
                });
                Thread.sleep(1000);
                plainLoad.close();
                durableLoad.close();
                Set<String> plainAcked = plainLoad.acknowledged;
                Set<String> durableAcked = durableLoad.acknowledged;
                // The workers resume on the new master and end every session that is left.
                ExpiryContract.await("everything expired", Duration.ofSeconds(30), () -> {
                    try {
                        return plain.count() == 0 && durable.count() == 0;
                    } catch (RedisUnavailableException notYet) {
                        return false;
                    }
                });
                StoreContract.sleep(500);

                try (RawRedis raw = RawRedis.connect(group.master().uri(), List.of(group.master().uri()))) {
                    Map<String, List<Map<String, String>>> plainEvents = EventLog.read(raw, "plain", 16).terminalBySession();
                    Map<String, List<Map<String, String>>> durableEvents = EventLog.read(raw, "durable", 16).terminalBySession();
                    plainEvents.values().forEach(events -> assertThat(events).hasSize(1));
                    durableEvents.values().forEach(events -> assertThat(events).hasSize(1));
                    long durableLost = durableAcked.stream().filter(id -> !durableEvents.containsKey(id)).count();
                    long plainLost = plainAcked.stream().filter(id -> !plainEvents.containsKey(id)).count();
                    System.out.printf("sentinel failover: %d ms to promote; plain: %d acknowledged, %d lost;"
                            + " replicationWait(1): %d acknowledged, %d lost%n",
                            failoverMs, plainAcked.size(), plainLost, durableAcked.size(), durableLost);
                    assertThat(durableLost).as("acknowledged sessions lost despite WAIT").isZero();
                    assertThat(w1.stats().expired() + w2.stats().expired()).isPositive();
                }
            }
        }
    }

    private static SessionStore store(String namespace, boolean durable) {
        SessionStoreBuilder b = SessionStore.builder().redis(group.uri()).namespace(namespace)
                .idleTimeout(Duration.ofSeconds(2)).commandTimeout(Duration.ofMillis(500));
        if (durable) {
            b.replicationWait(1, Duration.ofSeconds(1));
        }
        return b.build();
    }
}
