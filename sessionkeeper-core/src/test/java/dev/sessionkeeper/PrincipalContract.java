package dev.sessionkeeper;

import dev.sessionkeeper.expiry.ExpiryWorker;
import dev.sessionkeeper.internal.LuaScript;
import dev.sessionkeeper.internal.PrincipalOperations;
import dev.sessionkeeper.internal.Principals;
import dev.sessionkeeper.internal.SessionIds;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sign-in, the principal index, limits and locks, run against one Redis topology. */
abstract class PrincipalContract extends RedisContract {

    static Set<String> ids(List<SessionInfo> infos) {
        return infos.stream().map(SessionInfo::id).collect(Collectors.toSet());
    }

    @Test
    void loginRotatesTheIdFailClosedAndKeepsTheAttributes() {
        SessionStore store = store();
        Session anonymous = store.newSession();
        anonymous.set("cart", List.of("apple"));
        store.save(anonymous);
        Session stale = store.find(anonymous.id()).orElseThrow();
        anonymous.set("theme", "dark");

        Session signedIn = store.login(anonymous, "alice");

        assertThat(signedIn.id()).isNotEqualTo(anonymous.id());
        assertThat(signedIn.principal()).isEqualTo("alice");
        assertThat(signedIn.get("cart")).isEqualTo(List.of("apple"));
        assertThat(signedIn.get("theme")).isEqualTo("dark");
        assertThat(signedIn.createdAt()).isEqualTo(anonymous.createdAt());
        assertThat(Integer.parseInt(signedIn.id().substring(0, 3))).isEqualTo(Principals.shard("alice", 16));
        // Fixation: the pre-login id is dead everywhere.
        assertThat(store.find(anonymous.id())).isEmpty();
        assertThat(store.exists(anonymous.id())).isFalse();
        stale.set("x", 1);
        assertThat(store.save(stale)).isEqualTo(SaveResult.GONE);
        assertThat(store.save(anonymous)).isEqualTo(SaveResult.GONE);

        Session loaded = store.find(signedIn.id()).orElseThrow();
        assertThat(loaded.principal()).isEqualTo("alice");
        assertThat(loaded.get("theme")).isEqualTo("dark");
        assertThat(ids(store.sessionsOf("alice"))).containsExactly(signedIn.id());

        Map<String, List<Map<String, String>>> terminal = log().terminalBySession();
        assertThat(terminal.get(anonymous.id())).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("type", "rotated").containsEntry("successor", signedIn.id()));
    }

    @Test
    void loginFromANewOrGoneSessionStartsAFreshSignedInSession() {
        SessionStore store = store(b -> b.idleTimeout(Duration.ofMillis(200)));
        Session draft = store.newSession();
        draft.set("a", 1);
        Session fromDraft = store.login(draft, "bob");
        assertThat(fromDraft.get("a")).isEqualTo(1);
        Session expired = store.create();
        StoreContract.sleep(300);
        Session fromExpired = store.login(expired, "bob");
        assertThat(fromExpired.attributeNames()).isEmpty();
        assertThat(store.exists(fromExpired.id())).isTrue();
    }

    @Test
    void signingInAsAnotherPrincipalMovesTheSessionAndItsIndexEntry() {
        SessionStore store = store();
        Session asAlice = store.login(store.create(), "alice");
        Session asBob = store.login(asAlice, "bob");
        assertThat(store.sessionsOf("alice")).isEmpty();
        assertThat(ids(store.sessionsOf("bob"))).containsExactly(asBob.id());
        Session rotated = store.rotate(asBob);
        assertThat(rotated.principal()).isEqualTo("bob");
        assertThat(ids(store.sessionsOf("bob"))).containsExactly(rotated.id());
        assertThat(store.find(asBob.id())).isEmpty();
    }

    @Test
    void sessionsOfIsOneCallAndExactWithoutAWorker() {
        SessionStore store = store(b -> b.idleTimeout(Duration.ofSeconds(30)));
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Session s = store.newSession();
            s.set("userAgent", "device-" + i);
            sessions.add(store.login(s, "carol"));
        }
        Session shortLived = store.find(sessions.get(0).id()).orElseThrow();
        shortLived.setIdleTimeout(Duration.ofMillis(100));
        store.save(shortLived);
        store.destroy(sessions.get(1).id(), DestroyReason.LOGOUT);
        StoreContract.sleep(200);

        long before = raw.scriptCalls();
        List<SessionInfo> listed = store.sessionsOf("carol", "userAgent");
        assertThat(raw.scriptCalls() - before).isEqualTo(1);
        assertThat(ids(listed)).containsExactlyInAnyOrder(sessions.get(2).id(), sessions.get(3).id(), sessions.get(4).id());
        assertThat(listed).allSatisfy(info -> {
            assertThat(info.attributes().get("userAgent")).asString().startsWith("device-");
            assertThat(info.expiresAt()).isAfter(info.lastAccessedAt());
        });
        // The dead entries met on the way left the index, with their one event.
        String principals = namespace + ":{" + SessionIds.shardTag(Principals.shard("carol", 16)) + "}:principals";
        assertThat(raw.sync().zcard(principals)).isEqualTo(3);
        Map<String, List<Map<String, String>>> terminal = log().terminalBySession();
        assertThat(terminal.get(sessions.get(0).id())).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("type", "expired").containsEntry("principal", "carol"));
        assertThat(store.sessionsOf("nobody")).isEmpty();
    }

    /**
     * A listing calls its script at once, declaring the page this store last saw as its guess: one
     * call for a principal this store signed in or listed, two for one it does not know (the first
     * answers with the page, the second declares it), one for an empty index, and no read of the
     * index besides the script's own. Another store (its own memo) that signs the principal in or
     * out makes this store's guess wrong: the answer stays exact, at one more call.
     */
    @Test
    void aListingIsOneCallWarmTwoColdAndExactWhenAnotherStoreMadeTheGuessWrong() {
        SessionStore a = store();
        Set<String> hers = new java.util.TreeSet<>();
        for (int i = 0; i < 3; i++) {
            hers.add(a.login(a.newSession(), "iris").id());
        }
        assertThat(listed(a, "iris", 1, 1)).isEqualTo(hers);
        SessionStore b = store();
        assertThat(listed(b, "iris", 2, 2)).as("cold").isEqualTo(hers);
        assertThat(listed(b, "iris", 1, 1)).as("warm").isEqualTo(hers);

        String added = b.login(b.newSession(), "iris").id();
        String ended = hers.iterator().next();
        assertThat(b.destroy(ended, DestroyReason.LOGOUT)).isTrue();
        hers.add(added);
        hers.remove(ended);
        assertThat(listed(a, "iris", 2, 2)).as("a guess that misses one and names an ended one").isEqualTo(hers);
        assertThat(b.destroy(added, DestroyReason.LOGOUT)).isTrue();
        hers.remove(added);
        assertThat(listed(a, "iris", 1, 1)).as("a guess that only names an ended one").isEqualTo(hers);

        hers.add(b.login(b.newSession(), "iris").id());
        long calls = raw.scriptCalls();
        assertThat(a.logoutEverywhere("iris")).as("logout everywhere with a guess that misses one").isEqualTo(hers.size());
        assertThat(raw.scriptCalls() - calls).isEqualTo(2);
        assertThat(listed(a, "iris", 1, 1)).isEmpty();
        assertThat(listed(b, "iris", 1, 1)).as("a guess of dead sessions only").isEmpty();
        assertThat(listed(store(), "nobody", 1, 1)).as("an empty index").isEmpty();
        Map<String, List<Map<String, String>>> terminal = log().terminalBySession();
        assertThat(hers).allSatisfy(id -> assertThat(terminal.get(id)).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("reason", "logout-everywhere")));
    }

    /** The ids sessionsOf lists, asserting its script calls and every ZRANGEBYLEX Redis ran meanwhile. */
    private Set<String> listed(SessionStore store, String principal, int scriptCalls, int rangeReads) {
        long calls = raw.scriptCalls();
        long ranges = raw.commandCalls("zrangebylex");
        Set<String> out = ids(store.sessionsOf(principal));
        assertThat(raw.scriptCalls() - calls).as("script calls").isEqualTo(scriptCalls);
        assertThat(raw.commandCalls("zrangebylex") - ranges).as("ZRANGEBYLEX, inside the scripts or not")
                .isEqualTo(rangeReads);
        return out;
    }

    @Test
    void theWorkerRemovesExpiredSessionsFromTheIndex() throws Exception {
        SessionStore store = store(b -> b.idleTimeout(Duration.ofMillis(200)));
        for (int i = 0; i < 20; i++) {
            store.login(store.create(), "user" + i);
        }
        try (ExpiryWorker worker = store.expiryWorker().maxSleep(Duration.ofMillis(50)).start()) {
            ExpiryContract.await("all expired", Duration.ofSeconds(10), () -> worker.stats().expired() >= 20);
        }
        for (int shard = 0; shard < 16; shard++) {
            assertThat(raw.sync().zcard(namespace + ":{" + SessionIds.shardTag(shard) + "}:principals")).isZero();
        }
    }

    @Test
    void logoutEverywhereAndLogoutOthersAreAtomicWithOneEventEach() {
        SessionStore store = store();
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sessions.add(store.login(store.create(), "dave"));
        }
        assertThat(store.logoutOthers("dave", sessions.get(0).id())).isEqualTo(3);
        assertThat(ids(store.sessionsOf("dave"))).containsExactly(sessions.get(0).id());
        assertThat(store.logoutEverywhere("dave")).isEqualTo(1);
        assertThat(store.sessionsOf("dave")).isEmpty();
        assertThat(store.logoutEverywhere("dave")).isZero();
        Map<String, List<Map<String, String>>> terminal = log().terminalBySession();
        for (Session s : sessions) {
            assertThat(terminal.get(s.id())).singleElement().satisfies(e -> assertThat(e)
                    .containsEntry("type", "destroyed").containsEntry("reason", "logout-everywhere"));
            assertThat(store.find(s.id())).isEmpty();
        }
    }

    @Test
    void theLimitEvictsTheLeastRecentlyUsedSession() {
        SessionStore store = store(b -> b.maxSessionsPerPrincipal(2, LimitPolicy.EVICT_LEAST_RECENTLY_USED));
        Session first = store.login(store.create(), "erin");
        StoreContract.sleep(5);
        Session second = store.login(store.create(), "erin");
        StoreContract.sleep(5);
        store.find(first.id()).orElseThrow();
        StoreContract.sleep(5);
        Session third = store.login(store.create(), "erin");
        assertThat(ids(store.sessionsOf("erin"))).containsExactlyInAnyOrder(first.id(), third.id());
        assertThat(store.find(second.id())).isEmpty();
        Map<String, List<Map<String, String>>> terminal = log().terminalBySession();
        assertThat(terminal.get(second.id())).singleElement().satisfies(e -> assertThat(e)
                .containsEntry("type", "destroyed").containsEntry("reason", "evicted-by-limit"));
    }

    @Test
    void theLimitCanRefuseTheSignInInstead() {
        SessionStore store = store(b -> b.maxSessionsPerPrincipal(2, LimitPolicy.REFUSE_LOGIN));
        Session a = store.login(store.create(), "frank");
        Session b = store.login(store.create(), "frank");
        Session c = store.create();
        assertThatThrownBy(() -> store.login(store.newSession(), "frank"))
                .isInstanceOf(SessionLimitExceededException.class)
                .hasMessageContaining("2 live sessions");
        assertThat(ids(store.sessionsOf("frank"))).containsExactlyInAnyOrder(a.id(), b.id());
        store.destroy(a.id(), DestroyReason.LOGOUT);
        assertThat(store.login(c, "frank").principal()).isEqualTo("frank");
    }

    @Test
    void aRefusedSignInWritesNothingAndLeavesTheSessionAsItWas() {
        SessionStore store = store(b -> b.maxSessionsPerPrincipal(2, LimitPolicy.REFUSE_LOGIN));
        Session first = store.login(store.create(), "ivy");
        Session second = store.login(store.create(), "ivy");
        Session anonymous = store.newSession();
        anonymous.set("cart", List.of("apple", "pear"));
        store.save(anonymous);
        Session request = store.find(anonymous.id()).orElseThrow();
        request.set("step", "checkout");
        long eventsBefore = log().entries.size();

        assertThatThrownBy(() -> store.login(request, "ivy")).isInstanceOf(SessionLimitExceededException.class);

        Session again = store.find(anonymous.id()).orElseThrow();
        assertThat(again.get("cart")).isEqualTo(List.of("apple", "pear"));
        assertThat(again.principal()).isNull();
        assertThat(log().entries).hasSize((int) eventsBefore);
        assertThat(ids(store.sessionsOf("ivy"))).containsExactlyInAnyOrder(first.id(), second.id());
        // The refused request still holds its change, and saving it works as if it had not tried.
        assertThat(store.save(request)).isEqualTo(SaveResult.SAVED);
        assertThat(store.find(anonymous.id()).orElseThrow().get("step")).isEqualTo("checkout");
    }

    @Test
    void aRotationCutAfterItsFirstHalfFailsClosed() {
        SessionStore store = store();
        Session anonymous = store.create();
        anonymous.set("cart", List.of("apple"));
        store.save(anonymous);
        String successor = SessionIds.generate(Principals.shard("jack", 16));
        String id = anonymous.id();
        // The first half alone, as a process killed right after it leaves things.
        rotateOut(id, successor);
        assertThat(store.find(id)).isEmpty();
        assertThat(store.exists(successor)).isFalse();
        anonymous.set("late", true);
        assertThat(store.save(anonymous)).isEqualTo(SaveResult.GONE);
        assertThat(store.sessionsOf("jack")).isEmpty();
        assertThat(log().terminalBySession().get(id)).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("type", "rotated").containsEntry("successor", successor));
    }

    /**
     * A sign-in that may be refused takes three calls (reserve the new id under the limit, end
     * the old id, fill the reservation). Cut after either of the first two, as a killed process
     * leaves it, it fails closed, and the reservation, never handed out, expires with its event.
     */
    @Test
    void aSignedInSessionAtTheLimitCanStillRotateAndSignInAgain() {
        SessionStore store = store(b -> b.maxSessionsPerPrincipal(2, LimitPolicy.REFUSE_LOGIN));
        Session first = store.login(store.create(), "olga");
        Session second = store.login(store.create(), "olga");
        // Its own old id ends in the rotation, so it does not count against the limit.
        Session rotated = store.rotate(store.find(first.id()).orElseThrow());
        Session again = store.login(store.find(second.id()).orElseThrow(), "olga");
        assertThat(ids(store.sessionsOf("olga"))).containsExactlyInAnyOrder(rotated.id(), again.id());
        assertThatThrownBy(() -> store.login(store.create(), "olga")).isInstanceOf(SessionLimitExceededException.class);
    }

    @Test
    void aRefusableSignInCutAfterAnyStepFailsClosed() {
        SessionStore store = store(b -> b.maxSessionsPerPrincipal(2, LimitPolicy.REFUSE_LOGIN));
        Session keptAnonymous = store.newSession();
        keptAnonymous.set("cart", List.of("apple"));
        store.save(keptAnonymous);
        Session endedAnonymous = store.newSession();
        endedAnonymous.set("cart", List.of("pear"));
        store.save(endedAnonymous);

        String cutBeforeOldEnds = reserve(keptAnonymous.id(), "liam");
        String cutBeforeFill = reserve(endedAnonymous.id(), "mia");
        rotateOut(endedAnonymous.id(), cutBeforeFill);

        // Cut after the reservation: the old session is as it was, still anonymous.
        Session kept = store.find(keptAnonymous.id()).orElseThrow();
        assertThat(kept.principal()).isNull();
        assertThat(kept.get("cart")).isEqualTo(List.of("apple"));
        // Cut after the old id ended: it is dead, and its successor holds nothing of it.
        assertThat(store.find(endedAnonymous.id())).isEmpty();
        assertThat(store.find(cutBeforeFill).orElseThrow().attributeNames()).isEmpty();
        Map<String, List<Map<String, String>>> terminal = log().terminalBySession();
        assertThat(terminal.get(endedAnonymous.id())).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("type", "rotated").containsEntry("successor", cutBeforeFill));

        StoreContract.sleep(400);
        assertThat(store.sessionsOf("liam")).isEmpty();
        assertThat(store.sessionsOf("mia")).isEmpty();
        terminal = log().terminalBySession();
        for (String reservation : List.of(cutBeforeOldEnds, cutBeforeFill)) {
            assertThat(terminal.get(reservation)).singleElement().satisfies(e -> assertThat(e).containsEntry("type", "expired"));
        }
        // The user signs in again, and it works.
        Session signedIn = store.login(store.find(keptAnonymous.id()).orElseThrow(), "liam");
        assertThat(signedIn.get("cart")).isEqualTo(List.of("apple"));
        assertThat(ids(store.sessionsOf("liam"))).containsExactly(signedIn.id());
    }

    /** The first step of a refusable sign-in alone, with a reservation of 300 ms. */
    private String reserve(String oldId, String principal) {
        int shard = Principals.shard(principal, 16);
        String newId = SessionIds.generate(shard);
        String tag = namespace + ":{" + SessionIds.shardTag(shard) + "}";
        Object reply = raw.sync().eval(LuaScript.load("rotate_in").body(), io.lettuce.core.ScriptOutputType.MULTI,
                new String[] {sessionKey(newId), tag + ":due", tag + ":events", tag + ":principals"},
                newId, principal, tag + ":s:", "300000", "100000", "", "1", "2", "refuse", "", "300", "0", oldId,
                "create", "202", "20");
        assertThat(((List<?>) reply).get(0)).isEqualTo(1L);
        return newId;
    }

    private void rotateOut(String id, String successor) {
        String tag = namespace + ":{" + id.substring(0, 3) + "}";
        raw.sync().eval(LuaScript.load("rotate_out").body(), io.lettuce.core.ScriptOutputType.MULTI,
                new String[] {sessionKey(id), tag + ":due", tag + ":events", tag + ":principals"},
                id, successor, "100000", "");
    }

    /**
     * The limit check reads a bounded number of index entries (the limit + 200). When all of them
     * are of sessions past their deadline that no worker has ended, it cannot count and says so
     * rather than let the sign-in through uncounted; a listing ends them, and sign-ins work again.
     */
    @Test
    void aLimitCheckThatMeetsOnlyDeadEntriesSaysSoAndAListingClearsThem() {
        SessionStore shortLived = store(b -> b.idleTimeout(Duration.ofMillis(300)));
        for (int i = 0; i < 205; i++) {
            shortLived.login(shortLived.newSession(), "nina");
        }
        StoreContract.sleep(400);
        SessionStore limited = store(b -> b.maxSessionsPerPrincipal(2, LimitPolicy.REFUSE_LOGIN));
        Session anonymous = limited.newSession();
        anonymous.set("cart", List.of("fig"));
        limited.save(anonymous);
        assertThatThrownBy(() -> limited.login(anonymous, "nina"))
                .isInstanceOf(SessionKeeperException.class)
                .hasMessageContaining("past their deadline");
        assertThat(limited.find(anonymous.id()).orElseThrow().get("cart")).isEqualTo(List.of("fig"));

        assertThat(limited.sessionsOf("nina")).isEmpty();
        String principals = namespace + ":{" + SessionIds.shardTag(Principals.shard("nina", 16)) + "}:principals";
        assertThat(raw.sync().zcard(principals)).isZero();
        assertThat(log().terminalBySession().values().stream()
                .filter(events -> "expired".equals(events.get(0).get("type"))).count()).isEqualTo(205);
        assertThat(limited.login(limited.find(anonymous.id()).orElseThrow(), "nina").get("cart")).isEqualTo(List.of("fig"));
    }

    @Test
    void theLimitIsBounded() {
        assertThatThrownBy(() -> SessionStore.builder().maxSessionsPerPrincipal(1001, LimitPolicy.EVICT_LEAST_RECENTLY_USED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 and 1000");
    }

    @Test
    void listingAndLogoutEverywhereGoPageByPageAndStayExact() {
        SessionStore store = store();
        Set<String> all = new java.util.HashSet<>();
        for (int i = 0; i < 250; i++) {
            all.add(store.login(store.newSession(), "kate").id());
        }
        long before = raw.scriptCalls();
        assertThat(ids(store.sessionsOf("kate"))).isEqualTo(all);
        // A page is at most PAGE sessions: 250 take several calls, each bounded.
        assertThat(raw.scriptCalls() - before).isEqualTo((250 + PrincipalOperations.PAGE - 1) / PrincipalOperations.PAGE);
        String keep = all.iterator().next();
        assertThat(store.logoutOthers("kate", keep)).isEqualTo(249);
        assertThat(ids(store.sessionsOf("kate"))).containsExactly(keep);
        assertThat(store.logoutEverywhere("kate")).isEqualTo(1);
        assertThat(store.sessionsOf("kate")).isEmpty();
        Map<String, List<Map<String, String>>> terminal = log().terminalBySession();
        assertThat(all).allSatisfy(s -> assertThat(terminal.get(s)).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("reason", "logout-everywhere")));
    }

    @Test
    void racingSignInsNeverExceedTheLimit() throws Exception {
        SessionStore store = store(b -> b.maxSessionsPerPrincipal(3, LimitPolicy.EVICT_LEAST_RECENTLY_USED));
        ExpiryContract.parallel(64, i -> store.login(store.create(), "gina"));
        assertThat(store.sessionsOf("gina")).hasSize(3);
        String principals = namespace + ":{" + SessionIds.shardTag(Principals.shard("gina", 16)) + "}:principals";
        assertThat(raw.sync().zcard(principals)).isEqualTo(3);
        assertThat(log().terminalBySession().values().stream()
                .filter(events -> "evicted-by-limit".equals(events.get(0).get("reason"))).count()).isEqualTo(61);
    }

    @Test
    void principalsAreValidated() {
        SessionStore store = store();
        assertThatThrownBy(() -> store.sessionsOf("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.sessionsOf("a\u0000b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.login(store.newSession(), "x".repeat(300))).isInstanceOf(IllegalArgumentException.class);
        Session odd = store.login(store.newSession(), "{weird}:*principal é");
        assertThat(ids(store.sessionsOf("{weird}:*principal é"))).containsExactly(odd.id());
        assertThat(store.sessionsOf("{weird}:*principal")).isEmpty();
    }

    @Test
    void saveIfVersionDetectsAConcurrentWrite() {
        SessionStore store = store();
        Session s = store.create();
        Session r1 = store.find(s.id()).orElseThrow();
        Session r2 = store.find(s.id()).orElseThrow();
        r1.set("balance", 10);
        r2.set("balance", 20);
        assertThat(store.saveIfVersion(r1)).isEqualTo(SaveResult.SAVED);
        assertThat(store.saveIfVersion(r2)).isEqualTo(SaveResult.CONFLICT);
        assertThat(store.find(s.id()).orElseThrow().get("balance")).isEqualTo(10);
        Session r3 = store.find(s.id()).orElseThrow();
        r3.set("balance", 30);
        assertThat(store.saveIfVersion(r3)).isEqualTo(SaveResult.SAVED);
    }

    @Test
    void aHolderWhoseLeaseRanOutCannotWrite() throws Exception {
        SessionStore store = store();
        Session s = store.create();
        String lockKey = namespace + ":{" + s.id().substring(0, 3) + "}:lock:" + s.id();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            assertThatThrownBy(() -> store.withLock(s.id(), Duration.ofSeconds(5), Duration.ofSeconds(1), session -> {
                session.set("owner", "paused holder");
                // The lease runs out while this holder is paused: the lock key is gone...
                raw.sync().del(lockKey);
                // ...and another request takes the lock and writes.
                other.submit(() -> store.withLock(s.id(), Duration.ofSeconds(5), Duration.ofSeconds(1), next -> {
                    next.set("owner", "next holder");
                    return null;
                })).get();
                return null;
            })).isInstanceOf(LockLostException.class);
        } finally {
            other.shutdownNow();
        }
        assertThat(store.find(s.id()).orElseThrow().get("owner")).isEqualTo("next holder");
    }

    @Test
    void aSecondLockerWaitsAtMostItsBound() throws Exception {
        SessionStore store = store();
        Session s = store.create();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService holder = Executors.newSingleThreadExecutor();
        try {
            Future<?> held = holder.submit(() -> store.withLock(s.id(), Duration.ofSeconds(5), Duration.ofSeconds(1), session -> {
                holding.countDown();
                release.await();
                session.set("by", "holder");
                return null;
            }));
            assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> store.withLock(s.id(), Duration.ofSeconds(5), Duration.ofMillis(150), session -> null))
                    .isInstanceOf(LockTimeoutException.class)
                    .hasMessageContaining("150 ms");
            release.countDown();
            held.get();
        } finally {
            holder.shutdownNow();
        }
        Object by = store.withLock(s.id(), Duration.ofSeconds(1), Duration.ofSeconds(1), session -> session.get("by"));
        assertThat(by).isEqualTo("holder");
    }

    @Test
    void theLeaseIsRenewedWhileTheWorkRuns() {
        SessionStore store = store();
        Session s = store.create();
        String result = store.withLock(s.id(), Duration.ofMillis(300), Duration.ofSeconds(1), session -> {
            Thread.sleep(900);
            session.set("done", true);
            return "ok";
        });
        assertThat(result).isEqualTo("ok");
        assertThat(store.find(s.id()).orElseThrow().get("done")).isEqualTo(true);
    }

    @Test
    void lockingAGoneSessionSaysSo() {
        SessionStore store = store();
        assertThatThrownBy(() -> store.withLock(store.newSession().id(), Duration.ofSeconds(1), Duration.ofSeconds(1), s -> null))
                .isInstanceOf(SessionGoneException.class);
    }

    @Test
    void aNamespaceKeepsItsShardCount() {
        store(b -> b.shards(16));
        assertThatThrownBy(() -> store(b -> b.shards(8)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("16 shards");
    }
}
