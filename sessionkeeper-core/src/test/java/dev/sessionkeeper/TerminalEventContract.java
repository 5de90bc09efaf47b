package dev.sessionkeeper;

import dev.sessionkeeper.events.SessionEvent;
import dev.sessionkeeper.events.Subscription;
import dev.sessionkeeper.expiry.ExpiryWorker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every path that ends a session writes its one terminal event, however large the session: a
 * session of 10,000 attributes with a snapshot of all of them ends on each path with exactly
 * one event, whose snapshot is bounded and marked truncated. Also: due entries whose data Redis
 * dropped do not outlive a find.
 */
abstract class TerminalEventContract extends RedisContract {

    static final int ATTRIBUTES = 10_000;

    SessionStore bigStore(Consumer<SessionStoreBuilder> more) {
        return store(b -> {
            b.snapshotAllAttributes();
            more.accept(b);
        });
    }

    static Session fill(Session s) {
        for (int i = 0; i < ATTRIBUTES; i++) {
            s.set("a" + i, i);
        }
        return s;
    }

    Session bigSession(SessionStore store) {
        Session s = fill(store.newSession());
        assertThat(store.save(s)).isEqualTo(SaveResult.SAVED);
        return s;
    }

    /** The session is gone from Redis and has exactly one terminal event, of this kind, truncated. */
    void assertEndedOnce(String id, String type) {
        assertThat(raw.sync().exists(sessionKey(id))).as("session value").isZero();
        assertThat(raw.sync().zscore(namespace + ":{" + id.substring(0, 3) + "}:due", id)).as("due entry").isNull();
        List<Map<String, String>> terminal = log().terminalBySession().getOrDefault(id, List.of());
        assertThat(terminal).as("terminal events of the session").hasSize(1);
        Map<String, String> event = terminal.get(0);
        assertThat(event.get("type")).isEqualTo(type);
        assertThat(event.get("snapshot")).isEqualTo("truncated");
        long carried = event.keySet().stream().filter(f -> f.startsWith(".")).count();
        assertThat(carried).isEqualTo(1000);
        assertThat(Long.parseLong(event.get("snapshot-omitted"))).isEqualTo(ATTRIBUTES - carried);
    }

    @Test
    void destroyOfAHugeSessionWritesItsEvent() {
        SessionStore store = bigStore(b -> { });
        Session s = bigSession(store);
        assertThat(store.destroy(s.id(), DestroyReason.LOGOUT)).isTrue();
        assertEndedOnce(s.id(), "destroyed");
    }

    @Test
    void lazyExpiryInFindOfAHugeSessionWritesItsEvent() {
        SessionStore store = bigStore(b -> b.idleTimeout(Duration.ofMillis(300)));
        Session s = bigSession(store);
        StoreContract.sleep(400);
        assertThat(store.find(s.id())).isEmpty();
        assertEndedOnce(s.id(), "expired");
    }

    @Test
    void lazyExpiryInSaveOfAHugeSessionWritesItsEvent() {
        // Long enough for a 10,000-attribute save and find on a loaded machine.
        SessionStore store = bigStore(b -> b.idleTimeout(Duration.ofSeconds(3)));
        Session s = bigSession(store);
        Session loaded = store.find(s.id()).orElseThrow();
        StoreContract.sleep(Math.max(0, Duration.between(java.time.Instant.now(), loaded.expiresAt()).toMillis()) + 300);
        loaded.set("late", true);
        assertThat(store.save(loaded)).isEqualTo(SaveResult.GONE);
        assertEndedOnce(s.id(), "expired");
    }

    @Test
    void theWorkerExpiresAHugeSessionWithItsEvent() {
        SessionStore store = bigStore(b -> b.idleTimeout(Duration.ofMillis(300)));
        Session s = bigSession(store);
        try (ExpiryWorker worker = store.expiryWorker().maxSleep(Duration.ofMillis(100)).start()) {
            ExpiryContract.await("expired event", Duration.ofSeconds(20), () -> log().count("expired") >= 1);
        }
        assertEndedOnce(s.id(), "expired");
    }

    @Test
    void logoutEverywhereEndsHugeSessionsWithTheirEvents() {
        SessionStore store = bigStore(b -> { });
        Session a = store.login(bigSession(store), "huge");
        Session b = store.login(bigSession(store), "huge");
        assertThat(store.logoutEverywhere("huge")).isEqualTo(2);
        assertEndedOnce(a.id(), "destroyed");
        assertEndedOnce(b.id(), "destroyed");
        assertThat(store.sessionsOf("huge")).isEmpty();
    }

    @Test
    void rotationOfAHugeSessionWritesItsEventAndCarriesEveryAttribute() {
        SessionStore store = bigStore(b -> { });
        Session s = bigSession(store);
        Session rotated = store.rotate(s);
        assertEndedOnce(s.id(), "rotated");
        assertThat(store.find(rotated.id()).orElseThrow().attributeNames()).hasSize(ATTRIBUTES);
    }

    @Test
    void limitEvictionOfAHugeSessionWritesItsEvent() {
        SessionStore store = bigStore(b -> b.maxSessionsPerPrincipal(1, LimitPolicy.EVICT_LEAST_RECENTLY_USED));
        Session first = store.login(bigSession(store), "limited");
        Session second = store.login(store.create(), "limited");
        assertEndedOnce(first.id(), "destroyed");
        assertThat(store.sessionsOf("limited")).extracting(SessionInfo::id).containsExactly(second.id());
    }

    @Test
    void subscribersSeeTheTruncationAndTheIdASessionWasRotatedFrom() throws Exception {
        SessionStore store = bigStore(b -> { });
        List<SessionEvent> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Subscription sub = store.events().subscribe("audit", got::add)) {
            Session s = bigSession(store);
            Session signedIn = store.login(s, "frank");
            store.destroy(signedIn.id(), DestroyReason.LOGOUT);
            ExpiryContract.await("the destroyed event", Duration.ofSeconds(20),
                    () -> got.stream().anyMatch(e -> e.type() == SessionEvent.Type.DESTROYED));
            SessionEvent created = got.stream()
                    .filter(e -> e.type() == SessionEvent.Type.CREATED && e.sessionId().equals(signedIn.id()))
                    .findFirst().orElseThrow();
            assertThat(created.predecessorId()).isEqualTo(s.id());
            assertThat(got.stream().filter(e -> e.type() == SessionEvent.Type.CREATED && e.sessionId().equals(s.id())))
                    .singleElement().satisfies(e -> assertThat(e.predecessorId()).isNull());
            SessionEvent destroyed = got.stream().filter(e -> e.type() == SessionEvent.Type.DESTROYED)
                    .findFirst().orElseThrow();
            assertThat(destroyed.snapshotTruncated()).isTrue();
            assertThat(destroyed.snapshot()).hasSize(1000);
            assertThat(destroyed.snapshotOmitted()).isEqualTo(ATTRIBUTES - 1000);
        }
    }

    @Test
    void findEndsADueEntryWhoseDataRedisDropped() {
        // With a 1 ms grace the key's TTL passes 2 ms after the deadline: no worker runs.
        SessionStore store = store(b -> b.idleTimeout(Duration.ofMillis(200)).expiryGrace(Duration.ofMillis(1))
                .snapshotAttributes("k"));
        Session s = store.newSession();
        s.set("k", "v");
        store.save(s);
        String due = namespace + ":{" + s.id().substring(0, 3) + "}:due";
        StoreContract.sleep(400);
        assertThat(raw.sync().exists(sessionKey(s.id()))).isZero();
        assertThat(raw.sync().zscore(due, s.id())).as("due entry before the find").isNotNull();

        assertThat(store.find(s.id())).isEmpty();

        assertThat(raw.sync().zscore(due, s.id())).as("due entry after the find").isNull();
        List<Map<String, String>> terminal = log().terminalBySession().get(s.id());
        assertThat(terminal).hasSize(1);
        assertThat(terminal.get(0)).containsEntry("type", "expired").containsEntry("snapshot", "lost");
        assertThat(store.find(s.id())).isEmpty();
        assertThat(log().terminalBySession().get(s.id())).hasSize(1);
    }
}
