package dev.sessionkeeper.nodeit;

import dev.sessionkeeper.expiry.ExpiryWorker;
import dev.sessionkeeper.Session;
import dev.sessionkeeper.events.SessionEvent;
import dev.sessionkeeper.SessionInfo;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.events.Subscription;
import dev.sessionkeeper.codec.JsonAttributeCodec;
import dev.sessionkeeper.testkit.RedisExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Java and Node on one Redis, one namespace: the same sessions, the same principal index, the
 * same event log. Subclasses bind it to standalone Redis and to Redis Cluster.
 */
abstract class CrossLanguageContract {

    static final int SHARDS = 4;
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    record Cart(List<String> items, int total) {
    }

    abstract RedisExtension redis();

    String namespace;
    SessionStore java;
    NodePeer node;

    @BeforeEach
    void start() throws Exception {
        namespace = "x" + NAMESPACES.incrementAndGet() + "n" + System.nanoTime() % 100000;
        java = SessionStore.builder().redis(redis().uri()).namespace(namespace).shards(SHARDS)
                .codec(JsonAttributeCodec.builder().register("cart", Cart.class).build())
                .snapshotAttributes("theme")
                .build();
        node = NodePeer.start(redis().uri(), namespace, SHARDS);
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
        java.close();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> nodeAttributes(String id) throws Exception {
        Map<String, Object> read = (Map<String, Object>) node.call("read", Map.of("id", id));
        return read == null ? null : (Map<String, Object>) read.get("attributes");
    }

    @Test
    void aJavaSessionIsReadAndChangedByNodeAndBack() throws Exception {
        Session s = java.newSession();
        s.set("theme", "dark");
        s.set("count", 3);
        s.set("tags", List.of("a", "b"));
        s.set("prefs", Map.of("lang", "en"));
        s.set("cart", new Cart(List.of("fig"), 4));
        s.set("old", "x");
        java.save(s);

        Map<String, Object> seen = nodeAttributes(s.id());
        assertThat(seen).containsEntry("theme", "dark").containsEntry("count", 3)
                .containsEntry("tags", List.of("a", "b")).containsEntry("prefs", Map.of("lang", "en"))
                .containsEntry("old", "x");
        // A Java value of a registered class reaches Node as its alias and JSON, untouched.
        assertThat(seen.get("cart")).isEqualTo(Map.of("@alias", "cart", "value", Map.of("items", List.of("fig"), "total", 4)));

        assertThat(node.call("change", Map.of("id", s.id(), "set", Map.of("theme", "light", "fromNode", Map.of("n", 1)),
                "remove", List.of("old")))).isEqualTo("saved");

        Session back = java.find(s.id()).orElseThrow();
        assertThat(back.get("theme")).isEqualTo("light");
        assertThat(back.get("fromNode")).isEqualTo(Map.of("n", 1));
        assertThat(back.get("old")).isNull();
        assertThat(back.get("count")).isEqualTo(3);
        assertThat(back.get("cart")).isEqualTo(new Cart(List.of("fig"), 4));
        back.set("count", 4);
        java.save(back);

        assertThat(nodeAttributes(s.id())).containsEntry("count", 4).containsEntry("theme", "light");
        java.destroy(s.id(), dev.sessionkeeper.DestroyReason.LOGOUT);
        assertThat(nodeAttributes(s.id())).isNull();
        assertThat(node.call("change", Map.of("id", s.id(), "set", Map.of("late", true)))).isEqualTo("gone");
        assertThat(java.exists(s.id())).isFalse();
    }

    @Test
    void aNodeSessionExpiredByTheJavaWorkerReachesAJavaGroupAndANodeGroupOnceEach() throws Exception {
        try (NodePeer shortLived = NodePeer.start(redis().uri(), namespace, SHARDS, Map.of("idleTimeoutMs", 1000))) {
            ConcurrentLinkedQueue<SessionEvent> javaEvents = new ConcurrentLinkedQueue<>();
            Subscription javaGroup = java.events().group("java-audit").fromStartOfRetention()
                    .blockTime(Duration.ofMillis(200)).subscribe(javaEvents::add);
            shortLived.call("subscribe", Map.of("group", "node-audit"));
            String id = (String) shortLived.call("create", Map.of("attributes", Map.of("theme", "dark")));
            assertThat(java.find(id)).isPresent();

            try (ExpiryWorker worker = java.expiryWorker().start()) {
                long end = System.currentTimeMillis() + 15_000;
                while (System.currentTimeMillis() < end && javaEvents.stream().noneMatch(e -> isExpiry(e, id))) {
                    Thread.sleep(50);
                }
                List<Map<String, Object>> nodeEvents = shortLived.eventsWithin(2000);
                List<SessionEvent> javaExpired = javaEvents.stream().filter(e -> isExpiry(e, id)).toList();
                List<Map<String, Object>> nodeExpired = nodeEvents.stream()
                        .filter(e -> "expired".equals(e.get("type")) && id.equals(e.get("sessionId"))).toList();
                assertThat(javaExpired).hasSize(1);
                assertThat(nodeExpired).hasSize(1);
                SessionEvent j = javaExpired.get(0);
                Map<String, Object> n = nodeExpired.get(0);
                assertThat(n.get("eventId")).isEqualTo(j.eventId());
                assertThat(j.snapshot()).isEqualTo(Map.of("theme", "dark"));
                assertThat(n.get("snapshot")).isEqualTo(Map.of("theme", "dark"));
                assertThat(Instant.parse((String) n.get("deadline"))).isEqualTo(j.deadline());
                assertThat(Instant.parse((String) n.get("writtenAt"))).isEqualTo(j.writtenAt());
                assertThat(j.writtenAt()).isAfterOrEqualTo(j.deadline());
                assertThat(n.get("deliveryCount")).isEqualTo(1);
            } finally {
                javaGroup.close();
            }
            assertThat(shortLived.call("read", Map.of("id", id))).isNull();
        }
    }

    private static boolean isExpiry(SessionEvent e, String id) {
        return e.type() == SessionEvent.Type.EXPIRED && id.equals(e.sessionId());
    }

    @Test
    void logoutEverywhereFromEitherSideEndsTheOthersSessions() throws Exception {
        Session javaSide = java.login(java.newSession(), "erin");
        String nodeSide = (String) node.call("login", Map.of("principal", "erin", "attributes", Map.of("device", "phone")));
        assertThat(java.find(nodeSide).orElseThrow().principal()).isEqualTo("erin");
        assertThat(java.sessionsOf("erin").stream().map(SessionInfo::id)).containsExactlyInAnyOrder(javaSide.id(), nodeSide);
        assertThat(node.call("sessionsOf", Map.of("principal", "erin")))
                .isEqualTo(java.sessionsOf("erin").stream().map(SessionInfo::id).sorted().toList());

        assertThat(node.call("logoutEverywhere", Map.of("principal", "erin"))).isEqualTo(2);
        assertThat(java.find(javaSide.id())).isEmpty();
        assertThat(java.sessionsOf("erin")).isEmpty();

        Session again = java.login(java.newSession(), "erin");
        String nodeAgain = (String) node.call("login", Map.of("principal", "erin"));
        assertThat(java.logoutEverywhere("erin")).isEqualTo(2);
        assertThat(node.call("read", Map.of("id", nodeAgain))).isNull();
        assertThat(node.call("read", Map.of("id", again.id()))).isNull();
        assertThat(node.call("sessionsOf", Map.of("principal", "erin"))).isEqualTo(List.of());
    }

    @Test
    void aSignInOnNodeRotatesAJavaSessionIntoThePrincipalsShard() throws Exception {
        Session anonymous = java.newSession();
        anonymous.set("cart", new Cart(List.of("pear"), 2));
        java.save(anonymous);
        String signedIn = (String) node.call("login", Map.of("id", anonymous.id(), "principal", "finn"));
        assertThat(java.find(anonymous.id())).isEmpty();
        Session now = java.find(signedIn).orElseThrow();
        assertThat(now.principal()).isEqualTo("finn");
        assertThat(now.get("cart")).isEqualTo(new Cart(List.of("pear"), 2));
        Session javaSignIn = java.login(java.newSession(), "finn");
        assertThat(javaSignIn.id().substring(0, 3)).isEqualTo(signedIn.substring(0, 3));
    }
    @Test
    void aPrincipalWithMoreThanAPageIsListedAndLoggedOutExactlyFromEitherSide() throws Exception {
        for (int i = 0; i < 70; i++) {
            java.login(java.newSession(), "gil");
        }
        for (int i = 0; i < 50; i++) {
            node.call("login", Map.of("principal", "gil"));
        }
        List<String> javaIds = java.sessionsOf("gil").stream().map(SessionInfo::id).sorted().toList();
        assertThat(javaIds).hasSize(120).doesNotHaveDuplicates();
        assertThat(node.call("sessionsOf", Map.of("principal", "gil"))).isEqualTo(javaIds);

        assertThat(node.call("logoutEverywhere", Map.of("principal", "gil"))).isEqualTo(120);
        assertThat(java.sessionsOf("gil")).isEmpty();
        for (String id : javaIds) {
            assertThat(java.exists(id)).isFalse();
        }
    }

    @Test
    void aSignInRefusedAtTheLimitOnNodeLeavesTheJavaSessionAsItWas() throws Exception {
        try (NodePeer limited = NodePeer.start(redis().uri(), namespace, SHARDS,
                Map.of("maxSessionsPerPrincipal", 1, "limitPolicy", "refuse"))) {
            Session first = java.login(java.newSession(), "hana");
            Session anonymous = java.newSession();
            anonymous.set("cart", new Cart(List.of("kiwi"), 1));
            java.save(anonymous);

            org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                    limited.call("login", Map.of("id", anonymous.id(), "principal", "hana")))
                    .hasMessageContaining("SESSION_LIMIT");

            Session still = java.find(anonymous.id()).orElseThrow();
            assertThat(still.get("cart")).isEqualTo(new Cart(List.of("kiwi"), 1));
            assertThat(still.principal()).isNull();
            assertThat(java.sessionsOf("hana").stream().map(SessionInfo::id)).containsExactly(first.id());
        }
    }
}
