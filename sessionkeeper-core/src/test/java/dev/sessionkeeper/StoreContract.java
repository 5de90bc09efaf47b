package dev.sessionkeeper;

import dev.sessionkeeper.codec.CodecException;
import dev.sessionkeeper.codec.JsonAttributeCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import static dev.sessionkeeper.SessionValue.concat;
import static dev.sessionkeeper.SessionValue.octets;
import static dev.sessionkeeper.SessionValue.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every rule of the store, run against one Redis topology. Subclasses bind it to standalone
 * Redis and to Redis Cluster, so each rule is proven on both.
 */
abstract class StoreContract extends RedisContract {

    record Cart(List<String> items, int total) {
    }

    @Override
    SessionStore store(Consumer<SessionStoreBuilder> config) {
        return super.store(b -> config.accept(b.codec(JsonAttributeCodec.builder().register("cart", Cart.class).build())));
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // ---- create, find, save

    @Test
    void createdSessionIsFoundWithItsAttributes() {
        SessionStore store = store();
        Session s = store.newSession();
        assertThat(s.isNew()).isTrue();
        s.set("theme", "dark");
        s.set("count", 3);
        s.set("cart", new Cart(List.of("apple", "pear", "fig"), 12));
        s.set("tags", List.of("a", "b"));
        s.set("prefs", Map.of("lang", "en"));
        assertThat(store.save(s)).isEqualTo(SaveResult.SAVED);
        assertThat(s.isNew()).isFalse();

        Session loaded = store.find(s.id()).orElseThrow();
        assertThat(loaded.get("theme")).isEqualTo("dark");
        assertThat(loaded.get("count")).isEqualTo(3);
        assertThat(loaded.get("cart")).isEqualTo(new Cart(List.of("apple", "pear", "fig"), 12));
        assertThat(loaded.get("tags")).isEqualTo(List.of("a", "b"));
        assertThat(loaded.get("prefs")).isEqualTo(Map.of("lang", "en"));
        assertThat(loaded.get("count", Long.class)).isEqualTo(3L);
        assertThat(loaded.attributeNames()).containsExactlyInAnyOrder("theme", "count", "cart", "tags", "prefs");
        assertThat(loaded.createdAt()).isEqualTo(s.createdAt());
        assertThat(loaded.get("missing")).isNull();
    }

    @Test
    void createIsOneCallAndANewSessionCostsNothingUntilSaved() {
        SessionStore store = store();
        long before = raw.scriptCalls();
        Session draft = store.newSession();
        draft.set("a", "b");
        assertThat(raw.scriptCalls()).isEqualTo(before);
        assertThat(store.exists(draft.id())).isFalse();
        long beforeSave = raw.scriptCalls();
        store.save(draft);
        assertThat(raw.scriptCalls() - beforeSave).isEqualTo(1);
    }

    @Test
    void findIsOneCallAndUnchangedSaveIsNone() {
        SessionStore store = store();
        Session s = store.create();
        long before = raw.scriptCalls();
        Session loaded = store.find(s.id()).orElseThrow();
        assertThat(raw.scriptCalls() - before).isEqualTo(1);
        assertThat(store.save(loaded)).isEqualTo(SaveResult.UNCHANGED);
        assertThat(raw.scriptCalls() - before).isEqualTo(1);
        loaded.set("x", 1);
        assertThat(store.save(loaded)).isEqualTo(SaveResult.SAVED);
        assertThat(raw.scriptCalls() - before).isEqualTo(2);
        assertThat(store.save(loaded)).isEqualTo(SaveResult.UNCHANGED);
    }

    @Test
    void saveWritesOnlyChangedAttributesSoConcurrentRequestsKeepEachOthersWrites() {
        SessionStore store = store();
        Session s = store.newSession();
        s.set("a", "1");
        s.set("b", "1");
        s.set("c", "1");
        store.save(s);
        Session r1 = store.find(s.id()).orElseThrow();
        Session r2 = store.find(s.id()).orElseThrow();
        r1.set("a", "2");
        r2.set("b", "2");
        r2.remove("c");
        assertThat(store.save(r1)).isEqualTo(SaveResult.SAVED);
        assertThat(store.save(r2)).isEqualTo(SaveResult.SAVED);
        Session after = store.find(s.id()).orElseThrow();
        assertThat(after.get("a")).isEqualTo("2");
        assertThat(after.get("b")).isEqualTo("2");
        assertThat(after.attributeNames()).containsExactlyInAnyOrder("a", "b");
        assertThat(after.version()).isEqualTo(2);
    }

    @Test
    void removeThenSetAgainInOneRequestKeepsTheNewValue() {
        SessionStore store = store();
        Session s = store.newSession();
        s.set("a", "1");
        store.save(s);
        Session r = store.find(s.id()).orElseThrow();
        r.remove("a");
        r.set("a", "2");
        r.set("b", null);
        store.save(r);
        assertThat(store.find(s.id()).orElseThrow().get("a")).isEqualTo("2");
    }

    @Test
    void valuesChangedInPlaceAfterAReadAreSaved() {
        SessionStore store = store();
        Session s = store.newSession();
        s.set("cart", new java.util.ArrayList<>(List.of("apple")));
        s.set("prefs", new java.util.HashMap<>(Map.of("lang", "en")));
        s.set("name", "x");
        store.save(s);

        Session r = store.find(s.id()).orElseThrow();
        @SuppressWarnings("unchecked")
        List<Object> cart = (List<Object>) r.get("cart");
        cart.add("pear");
        assertThat(store.save(r)).isEqualTo(SaveResult.SAVED);
        assertThat(store.find(s.id()).orElseThrow().get("cart")).isEqualTo(List.of("apple", "pear"));

        Session typed = store.find(s.id()).orElseThrow();
        typed.get("prefs", java.util.HashMap.class).put("lang", "fr");
        store.save(typed);
        assertThat(store.find(s.id()).orElseThrow().get("prefs")).isEqualTo(Map.of("lang", "fr"));
    }

    @Test
    void readingWithoutChangingWritesNothing() {
        SessionStore store = store();
        Session s = store.newSession();
        s.set("cart", List.of("apple"));
        s.set("name", "x");
        store.save(s);
        Session r = store.find(s.id()).orElseThrow();
        r.get("cart");
        r.get("name");
        long before = raw.scriptCalls();
        assertThat(store.save(r)).isEqualTo(SaveResult.UNCHANGED);
        assertThat(raw.scriptCalls()).isEqualTo(before);
    }

    // ---- deadlines

    @Test
    void findSlidesTheIdleDeadline() {
        SessionStore store = store(b -> b.idleTimeout(Duration.ofSeconds(10)));
        Session s = store.create();
        Instant first = s.expiresAt();
        sleep(30);
        Session loaded = store.find(s.id()).orElseThrow();
        assertThat(loaded.expiresAt()).isAfter(first);
        assertThat(Duration.between(loaded.lastAccessedAt(), loaded.expiresAt())).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void idleSessionIsGoneAtItsDeadlineWithNoWorkerRunning() {
        SessionStore store = store(b -> b.idleTimeout(Duration.ofMillis(300)));
        Session s = store.newSession();
        s.set("k", "v");
        store.save(s);
        assertThat(store.exists(s.id())).isTrue();
        assertThat(store.count()).isEqualTo(1);
        sleep(400);
        assertThat(store.exists(s.id())).isFalse();
        assertThat(store.count()).isZero();
        assertThat(store.find(s.id())).isEmpty();
        // The lazy path removed it on the spot.
        assertThat(raw.sync().exists(sessionKey(s.id()))).isZero();
    }

    @Test
    void absoluteTimeoutEndsASessionHoweverActiveItIs() {
        SessionStore store = store(b -> b.idleTimeout(Duration.ofSeconds(5)).absoluteTimeout(Duration.ofMillis(600)));
        Session s = store.create();
        assertThat(Duration.between(s.createdAt(), s.expiresAt())).isEqualTo(Duration.ofMillis(600));
        long end = System.currentTimeMillis() + 1000;
        boolean sawGone = false;
        while (System.currentTimeMillis() < end) {
            Optional<Session> found = store.find(s.id());
            if (found.isEmpty()) {
                sawGone = true;
                break;
            }
            assertThat(found.get().expiresAt()).isBeforeOrEqualTo(s.createdAt().plusMillis(600));
            sleep(50);
        }
        assertThat(sawGone).isTrue();
        assertThat(store.find(s.id())).isEmpty();
    }

    @Test
    void perSessionTimeoutsOverrideTheStoreDefaults() {
        SessionStore store = store(b -> b.idleTimeout(Duration.ofMinutes(30)));
        Session shortLived = store.newSession();
        shortLived.setIdleTimeout(Duration.ofMillis(250));
        store.save(shortLived);
        Session capped = store.newSession();
        capped.setAbsoluteTimeout(Duration.ofMillis(250));
        store.save(capped);
        Session normal = store.create();
        assertThat(shortLived.idleTimeout()).isEqualTo(Duration.ofMillis(250));
        sleep(350);
        assertThat(store.find(shortLived.id())).isEmpty();
        assertThat(store.find(capped.id())).isEmpty();
        assertThat(store.find(normal.id())).isPresent();
    }

    @Test
    void shorteningTheIdleTimeoutOfALiveSessionMovesItsDeadline() {
        SessionStore store = store(b -> b.idleTimeout(Duration.ofMinutes(30)));
        Session s = store.create();
        Session loaded = store.find(s.id()).orElseThrow();
        loaded.setIdleTimeout(Duration.ofMillis(200));
        assertThat(store.save(loaded)).isEqualTo(SaveResult.SAVED);
        assertThat(loaded.expiresAt()).isBefore(Instant.now().plusSeconds(1));
        sleep(300);
        assertThat(store.find(s.id())).isEmpty();
        assertThatThrownBy(() -> loaded.setAbsoluteTimeout(Duration.ofHours(1))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theKeyOutlivesItsDeadlineByOneToTwoGraces() {
        SessionStore store = store(b -> b.idleTimeout(Duration.ofSeconds(10)).expiryGrace(Duration.ofMillis(300)));
        Session s = store.create();
        for (int i = 0; i < 8; i++) {
            Session loaded = store.find(s.id()).orElseThrow();
            long now = System.currentTimeMillis();
            long pttl = raw.sync().pttl(sessionKey(s.id()));
            long untilDeadline = loaded.expiresAt().toEpochMilli() - now;
            assertThat(pttl).as("TTL after find %d", i).isBetween(untilDeadline + 300 - 50, untilDeadline + 600 + 50);
            Double score = raw.sync().zscore(namespace + ":{" + s.id().substring(0, 3) + "}:due", s.id());
            assertThat(score.longValue()).isEqualTo(loaded.expiresAt().toEpochMilli());
            sleep(120);
        }
    }

    // ---- no resurrection

    @Test
    void saveAfterDestroyIsGoneAndWritesNothing() {
        SessionStore store = store();
        Session s = store.create();
        Session loaded = store.find(s.id()).orElseThrow();
        assertThat(store.destroy(s.id(), DestroyReason.LOGOUT)).isTrue();
        assertThat(store.destroy(s.id(), DestroyReason.LOGOUT)).isFalse();
        loaded.set("late", "write");
        assertThat(store.save(loaded)).isEqualTo(SaveResult.GONE);
        assertThat(raw.sync().exists(sessionKey(s.id()))).isZero();
        assertThat(store.find(s.id())).isEmpty();
        assertThat(store.exists(s.id())).isFalse();
        loaded.set("later", "write");
        assertThat(store.save(loaded)).isEqualTo(SaveResult.GONE);
    }

    @Test
    void saveAfterExpiryIsGoneAndWritesNothing() {
        SessionStore store = store(b -> b.idleTimeout(Duration.ofMillis(200)));
        Session s = store.create();
        Session loaded = store.find(s.id()).orElseThrow();
        sleep(300);
        loaded.set("late", "write");
        assertThat(store.save(loaded)).isEqualTo(SaveResult.GONE);
        assertThat(raw.sync().exists(sessionKey(s.id()))).isZero();
        assertThat(store.destroy(s.id(), DestroyReason.ADMIN)).isFalse();
    }

    @Test
    void saveAfterRedisDroppedTheKeyIsGone() {
        SessionStore store = store();
        Session s = store.create();
        Session loaded = store.find(s.id()).orElseThrow();
        raw.sync().del(sessionKey(s.id()));
        loaded.set("x", "y");
        assertThat(store.save(loaded)).isEqualTo(SaveResult.GONE);
        assertThat(raw.sync().exists(sessionKey(s.id()))).isZero();
    }

    // ---- counting

    @Test
    void countsLiveSessionsAcrossShards() {
        SessionStore store = store(b -> b.idleTimeout(Duration.ofSeconds(30)));
        List<Session> created = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            created.add(store.create());
        }
        assertThat(created.stream().map(x -> x.id().substring(0, 3)).distinct().count()).isGreaterThan(1);
        assertThat(store.count()).isEqualTo(40);
        store.destroy(created.get(0).id(), DestroyReason.ADMIN);
        assertThat(store.count()).isEqualTo(39);
    }

    // ---- bad input

    static final String VALID_SHAPE = "007" + "A".repeat(24);

    /** Every wrong shape of id: wrong length, wrong alphabet, key syntax, unicode. */
    static List<String> malformedIds() {
        List<String> ids = new ArrayList<>(List.of("", " ", "abc", "007", VALID_SHAPE.substring(1), VALID_SHAPE + "A",
                "x" + VALID_SHAPE.substring(1), "{007}" + "A".repeat(22), "\uD83D\uDE00" + VALID_SHAPE.substring(2)));
        for (String bad : List.of("{", "}", "*", ":", " ", "+", "/", "=", "\u00e9", "\u0000", "\n", "?", "[", "\\")) {
            ids.add(VALID_SHAPE.substring(0, 20) + bad + VALID_SHAPE.substring(21));
        }
        ids.add("0a7" + "A".repeat(24));
        return ids;
    }

    @ParameterizedTest
    @MethodSource("malformedIds")
    void malformedIdsNeverReachRedis(String id) {
        SessionStore store = store();
        long before = raw.scriptCalls();
        assertThat(store.find(id)).isEmpty();
        assertThat(store.exists(id)).isFalse();
        assertThat(store.destroy(id, DestroyReason.ADMIN)).isFalse();
        assertThat(raw.scriptCalls()).isEqualTo(before);
        assertThat(store.stats().malformedIds()).isEqualTo(3);
    }

    @Test
    void nullAndHugeIdsAreRefusedToo() {
        SessionStore store = store();
        assertThat(store.find(null)).isEmpty();
        assertThat(store.find("0".repeat(100_000))).isEmpty();
        assertThat(store.stats().malformedIds()).isEqualTo(2);
    }

    @Test
    void wellFormedUnknownIdIsSimplyAbsent() {
        SessionStore store = store();
        assertThat(store.find(VALID_SHAPE)).isEmpty();
        assertThat(store.stats()).isEqualTo(new StoreStats(0, 0, 0));
    }

    @Test
    void aValueWithoutAHeaderIsQuarantinedAndReportedOnce() {
        SessionStore store = store();
        // What is left when the header is gone: the map alone (one small attribute keeps it under 64
        // bytes), and the empty string.
        List<String> ids = new ArrayList<>();
        for (boolean empty : new boolean[] {false, true}) {
            Session s = store.newSession();
            s.set("k", "v");
            store.save(s);
            byte[] value = SessionValue.get(raw, sessionKey(s.id()));
            byte[] headless = empty ? new byte[0] : Arrays.copyOfRange(value, SessionValue.HEADER_BYTES, value.length);
            assertThat(headless).hasSizeLessThan(SessionValue.HEADER_BYTES);
            SessionValue.put(raw, sessionKey(s.id()), headless);
            ids.add(s.id());
        }
        for (String id : ids) {
            assertThat(store.find(id)).isEmpty();
            assertThat(store.find(id)).isEmpty();
        }
        assertThat(store.stats().corruptSessions()).isEqualTo(2);
        for (String id : ids) {
            assertThat(raw.sync().exists(sessionKey(id))).isZero();
            String quarantine = namespace + ":{" + id.substring(0, 3) + "}:corrupt:" + id;
            assertThat(raw.sync().exists(quarantine)).isEqualTo(1);
            assertThat(raw.sync().pttl(quarantine)).isPositive();
        }
        assertThat(store.count()).isZero();
    }

    @Test
    void aTruncatedHeaderIsCorrupt() {
        SessionStore store = store();
        for (int length : new int[] {10, SessionValue.HEADER_BYTES - 1}) {
            Session s = store.create();
            SessionValue.put(raw, sessionKey(s.id()), Arrays.copyOf(SessionValue.get(raw, sessionKey(s.id())), length));
            assertThat(store.find(s.id())).as("%d bytes", length).isEmpty();
        }
        assertThat(store.stats().corruptSessions()).isEqualTo(2);
    }

    @Test
    void aFieldWithNeitherPrefixIsQuarantinedByFindInOneScriptCall() {
        SessionStore store = store();
        Session s = store.create();
        SessionValue.setField(raw.sync(), sessionKey(s.id()), "junk", "x");
        long before = raw.scriptCalls();
        assertThat(store.find(s.id())).isEmpty();
        assertThat(raw.scriptCalls() - before).isEqualTo(1);
        assertThat(store.stats().corruptSessions()).isEqualTo(1);
        assertThat(raw.sync().exists(sessionKey(s.id()))).isZero();
        String quarantine = namespace + ":{" + s.id().substring(0, 3) + "}:corrupt:" + s.id();
        assertThat(SessionValue.field(raw.sync(), quarantine, "junk")).isEqualTo("x");
    }

    static List<Object[]> corruptBodies() {
        return SessionValue.corruptBodies().entrySet().stream()
                .map(e -> new Object[] {e.getKey(), e.getValue()}).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptBodies")
    void aBodyThatIsNotOneMapOfStringsIsQuarantinedByFindInOneScriptCall(String what, byte[] body) {
        SessionStore store = store();
        Session s = store.newSession();
        s.set("k", "v");
        store.save(s);
        SessionValue.plantBody(raw, sessionKey(s.id()), body);
        byte[] planted = SessionValue.get(raw, sessionKey(s.id()));
        long before = raw.scriptCalls();
        assertThat(store.find(s.id())).isEmpty();
        assertThat(raw.scriptCalls() - before).isEqualTo(1);
        assertThat(store.stats().corruptSessions()).isEqualTo(1);
        assertThat(raw.sync().exists(sessionKey(s.id()))).isZero();
        String quarantine = namespace + ":{" + s.id().substring(0, 3) + "}:corrupt:" + s.id();
        assertThat(SessionValue.get(raw, quarantine)).as("kept as it was").isEqualTo(planted);
        assertThat(log().terminalBySession().get(s.id())).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("reason", "corrupt"));
    }

    @Test
    void everyFormOfTheMapTheScriptsReadIsServed() {
        SessionStore store = store();
        Session s = store.newSession();
        s.set("k", "v");
        store.save(s);
        String key = sessionKey(s.id());
        // An empty map in each form cmsgpack reads as an empty table: the session has no attributes.
        for (byte[] empty : List.of(octets(0x80), octets(0x90), octets(0xdc, 0, 0), octets(0xdd, 0, 0, 0, 0),
                octets(0xde, 0, 0), octets(0xdf, 0, 0, 0, 0))) {
            SessionValue.plantBody(raw, key, empty);
            assertThat(store.find(s.id()).orElseThrow().attributeNames()).as(Arrays.toString(empty)).isEmpty();
        }
        // map32 of few entries, and strings in each length form, where cmsgpack picks the smallest.
        byte[] long8 = utf8("\"" + "x".repeat(40) + "\"");
        byte[] long16 = utf8("\"" + "y".repeat(300) + "\"");
        byte[] long32 = utf8("\"" + "z".repeat(70_000) + "\"");
        byte[] body = concat(octets(0xdf, 0, 0, 0, 5),
                octets(0xd9, 2), utf8(".a"), octets(0xa3), utf8("\"a\""),
                octets(0xda, 0, 2), utf8(".b"), str(long8),
                octets(0xdb, 0, 0, 0, 2), utf8(".c"), str(long16),
                str(".d"), str(long32),
                str("@reserved"), str("kept"));
        SessionValue.plantBody(raw, key, body);
        Session loaded = store.find(s.id()).orElseThrow();
        assertThat(loaded.attributeNames()).containsExactlyInAnyOrder("a", "b", "c", "d");
        assertThat(loaded.get("a")).isEqualTo("a");
        assertThat(loaded.get("b")).isEqualTo("x".repeat(40));
        assertThat(loaded.get("c")).isEqualTo("y".repeat(300));
        assertThat(loaded.get("d")).isEqualTo("z".repeat(70_000));
        assertThat(loaded.principal()).isNull();
        // A save carries the reserved entry through.
        loaded.set("a", "b");
        assertThat(store.save(loaded)).isEqualTo(SaveResult.SAVED);
        assertThat(SessionValue.field(raw.sync(), key, "@reserved")).isEqualTo("kept");
        assertThat(store.find(s.id()).orElseThrow().get("a")).isEqualTo("b");
        assertThat(store.stats().corruptSessions()).isZero();
    }

    @Test
    void headerNumbersNoClientCouldHoldExactlyAreQuarantinedByFind() {
        SessionStore store = store();
        // 1e15 and more: beyond what the scripts ever write, and 2^63 and more: negative to a
        // signed reader such as Java's long.
        for (long planted : List.of(1_000_000_000_000_000L, Long.MAX_VALUE, -1L)) {
            Session s = store.create();
            SessionHeaderField.VERSION.plant(raw.sync(), sessionKey(s.id()), planted);
            long before = raw.scriptCalls();
            assertThat(store.find(s.id())).as("%d", planted).isEmpty();
            assertThat(raw.scriptCalls() - before).as("%d", planted).isEqualTo(1);
        }
        assertThat(store.stats().corruptSessions()).isEqualTo(3);
    }

    @Test
    void wrongTypeUnderASessionKeyIsCorrupt() {
        SessionStore store = store();
        // A hash, as the previous storage format kept a session, and a list.
        String hash = store.newSession().id();
        raw.sync().hset(sessionKey(hash), "@p", "not a string");
        String list = store.newSession().id();
        raw.sync().rpush(sessionKey(list), "not a string");
        for (String id : List.of(hash, list)) {
            assertThat(store.find(id)).isEmpty();
            assertThat(store.exists(id)).isFalse();
            assertThat(store.destroy(id, DestroyReason.ADMIN)).isFalse();
        }
        assertThat(store.stats().corruptSessions()).isEqualTo(2);
    }

    /**
     * A quarantined session is off its principal's listing: at once when its body still names the
     * principal, and from the next listing on (the index entry left without its session is stale)
     * when the body cannot be read.
     */
    @Test
    void aCorruptSignedInSessionLeavesItsPrincipalsListingWhetherOrNotItsBodyReads() {
        SessionStore store = store();
        Session readable = store.login(store.newSession(), "zoe");
        Session unreadable = store.login(store.newSession(), "zoe");
        Session kept = store.login(store.newSession(), "zoe");
        SessionValue.setField(raw.sync(), sessionKey(readable.id()), "junk", "x");
        SessionValue.plantBody(raw, sessionKey(unreadable.id()), octets(0xc1));
        assertThat(store.find(readable.id())).isEmpty();
        assertThat(store.find(unreadable.id())).isEmpty();
        assertThat(store.stats().corruptSessions()).isEqualTo(2);
        String index = namespace + ":{" + readable.id().substring(0, 3) + "}:principals";
        assertThat(raw.sync().zscore(index, "zoe\u0000" + readable.id())).isNull();

        assertThat(PrincipalContract.ids(store.sessionsOf("zoe"))).containsExactly(kept.id());
        assertThat(PrincipalContract.ids(store.sessionsOf("zoe"))).containsExactly(kept.id());
        assertThat(raw.sync().zrange(index, 0, -1)).containsExactly("zoe\u0000" + kept.id());
        assertThat(log().terminalBySession().get(unreadable.id())).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("reason", "corrupt"));
    }

    @Test
    void attributeThatIsNotJsonCostsOnlyThatAttribute() {
        SessionStore store = store();
        Session s = store.newSession();
        s.set("ok", "fine");
        store.save(s);
        SessionValue.setField(raw.sync(), sessionKey(s.id()), ".broken", "{not json");
        Session loaded = store.find(s.id()).orElseThrow();
        assertThat(loaded.get("ok")).isEqualTo("fine");
        assertThat(loaded.undecodableAttributeNames()).containsExactly("broken");
        assertThatThrownBy(() -> loaded.get("broken")).isInstanceOf(CodecException.class)
                .hasMessageContaining("attribute 'broken'");
        loaded.set("ok", "still");
        store.save(loaded);
        assertThat(SessionValue.field(raw.sync(), sessionKey(s.id()), ".broken")).isEqualTo("{not json");
        assertThat(store.stats().corruptSessions()).isZero();
    }

    @Test
    void attributeOfAnUnregisteredAliasIsNeverInstantiatedNorCostsTheSession() {
        SessionStore store = store();
        Session s = store.create();
        SessionValue.setField(raw.sync(), sessionKey(s.id()), ".evil", "@java.lang.Runtime:{}");
        Session loaded = store.find(s.id()).orElseThrow();
        assertThatThrownBy(() -> loaded.get("evil")).isInstanceOf(CodecException.class)
                .hasMessageContaining("'java.lang.Runtime', which is not registered");
        assertThatThrownBy(() -> loaded.get("evil", Object.class)).isInstanceOf(CodecException.class);
        assertThat(store.stats().corruptSessions()).isZero();
    }

    @Test
    void unsupportedTypesFailAtSetNamingTheAttribute() {
        SessionStore store = store();
        Session s = store.newSession();
        assertThatThrownBy(() -> s.set("thing", new Object()))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("attribute 'thing'")
                .hasMessageContaining("register");
        assertThat(s.get("thing")).isNull();
    }

    @Test
    void oversizedAttributesFailAtSetNamingTheAttributeAndKeepThePreviousValue() {
        SessionStore store = store(b -> b.maxAttributeBytes(100).maxSessionBytes(250));
        Session s = store.newSession();
        s.set("a", "x".repeat(50));
        assertThatThrownBy(() -> s.set("a", "x".repeat(200)))
                .isInstanceOf(AttributeTooLargeException.class)
                .hasMessageContaining("'a'")
                .satisfies(e -> assertThat(((AttributeTooLargeException) e).attribute()).isEqualTo("a"));
        assertThat(s.get("a")).isEqualTo("x".repeat(50));
        s.set("b", "x".repeat(80));
        s.set("c", "x".repeat(80));
        assertThatThrownBy(() -> s.set("d", "x".repeat(80)))
                .isInstanceOf(AttributeTooLargeException.class)
                .hasMessageContaining("'d'")
                .hasMessageContaining("per session");
        s.remove("c");
        s.set("d", "x".repeat(80));
        store.save(s);
        Session loaded = store.find(s.id()).orElseThrow();
        assertThatThrownBy(() -> loaded.set("e", "x".repeat(80))).isInstanceOf(AttributeTooLargeException.class);
    }

    @Test
    void manyAttributesInOneSaveFitLuasLimits() {
        SessionStore store = store();
        Session s = store.newSession();
        for (int i = 0; i < 3000; i++) {
            s.set("k" + i, i);
        }
        store.save(s);
        Session loaded = store.find(s.id()).orElseThrow();
        assertThat(loaded.attributeNames()).hasSize(3000);
        for (int i = 0; i < 3000; i++) {
            loaded.set("k" + i, -i);
        }
        for (int i = 0; i < 3000; i++) {
            loaded.remove("k" + i);
        }
        loaded.set("k1", 1);
        store.save(loaded);
        assertThat(store.find(s.id()).orElseThrow().attributeNames()).containsExactly("k1");
    }

    @Test
    void attributeNamesMayHoldAnyCharacters() {
        SessionStore store = store();
        Session s = store.newSession();
        s.set("@d", "not metadata");
        s.set("{weird}:*name é", "ok");
        store.save(s);
        Session loaded = store.find(s.id()).orElseThrow();
        assertThat(loaded.get("@d")).isEqualTo("not metadata");
        assertThat(loaded.get("{weird}:*name é")).isEqualTo("ok");
    }

    // ---- scripts survive a flushed script cache

    @Test
    void operationsSurviveAFlushedScriptCache() {
        SessionStore store = store();
        Session s = store.create();
        raw.flushScripts();
        Session loaded = store.find(s.id()).orElseThrow();
        loaded.set("x", 1);
        raw.flushScripts();
        assertThat(store.save(loaded)).isEqualTo(SaveResult.SAVED);
        raw.flushScripts();
        assertThat(store.count()).isEqualTo(1);
    }

    // ---- concurrency

    @Test
    void sixteenThreadsChangingTheirOwnAttributeLoseNothing() throws Exception {
        SessionStore store = store();
        Session s = store.create();
        int threads = 16;
        int rounds = 1000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String name = "t" + t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 1; i <= rounds; i++) {
                        Session mine = store.find(s.id()).orElseThrow();
                        mine.set(name, i);
                        if (store.save(mine) != SaveResult.SAVED) {
                            throw new AssertionError("save failed");
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Session after = store.find(s.id()).orElseThrow();
        for (int t = 0; t < threads; t++) {
            assertThat(after.get("t" + t)).as("attribute t" + t).isEqualTo(rounds);
        }
        assertThat(after.version()).isEqualTo((long) threads * rounds);
    }

    @Test
    void destroyRacingSixteenSavingThreadsNeverComesBack() throws Exception {
        SessionStore store = store();
        Session s = store.create();
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Map<Integer, List<SaveResult>> results = new ConcurrentHashMap<>();
        try {
            List<Session> handles = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                handles.add(store.find(s.id()).orElseThrow());
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int me = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<SaveResult> mine = new ArrayList<>();
                    for (int i = 0; i < 300; i++) {
                        handles.get(me).set("t" + me, i);
                        mine.add(store.save(handles.get(me)));
                    }
                    results.put(me, mine);
                    return null;
                }));
            }
            start.countDown();
            sleep(20);
            assertThat(store.destroy(s.id(), DestroyReason.LOGOUT)).isTrue();
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(raw.sync().exists(sessionKey(s.id()))).isZero();
        assertThat(store.find(s.id())).isEmpty();
        for (List<SaveResult> mine : results.values()) {
            int firstGone = mine.indexOf(SaveResult.GONE);
            assertThat(firstGone).as("every thread's saves end in GONE").isNotNegative();
            assertThat(mine.subList(firstGone, mine.size())).containsOnly(SaveResult.GONE);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
