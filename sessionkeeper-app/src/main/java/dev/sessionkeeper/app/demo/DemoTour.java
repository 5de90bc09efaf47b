package dev.sessionkeeper.app.demo;

import dev.sessionkeeper.DestroyReason;
import dev.sessionkeeper.SaveResult;
import dev.sessionkeeper.Session;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.StoreStats;
import dev.sessionkeeper.app.ops.RedisFacts;
import dev.sessionkeeper.app.support.Redaction;
import dev.sessionkeeper.app.web.Cart;
import dev.sessionkeeper.app.web.CartItem;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The narrated tour of the store, step by step, as a web application would use it. Each step checks what
 * it shows: if the store ever did something else, the tour stops with an error instead of narrating it.
 */
public final class DemoTour {

    /** How long the user "waits" before coming back, so that the sliding deadline visibly moves. */
    private static final Duration COMEBACK = Duration.ofSeconds(1);
    /** The idle timeout of the session the tour watches expire. */
    private static final Duration SHORT_IDLE = Duration.ofSeconds(2);
    /** How long past its deadline (by this machine's clock) a session may still look live: clock skew to Redis. */
    private static final Duration SKEW_ALLOWANCE = Duration.ofSeconds(5);
    private static final List<String> MALFORMED_IDS = List.of("../../etc/passwd", "*", "' OR 1=1 --");

    private final SessionStore store;
    private final Narrator n;
    private final String namespace;
    private final List<String> summary = new ArrayList<>();

    public DemoTour(SessionStore store, Narrator narrator, String namespace) {
        this.store = store;
        this.n = narrator;
        this.namespace = namespace;
    }

    /** Runs every step; then {@link #summarize} tells what they showed. */
    public void run() throws InterruptedException {
        Session session = create();
        Session loaded = load(session);
        changeAndSave(loaded);
        concurrentRequests(session.id());
        Session shortLived = expireOnTime();
        lateSave(shortLived);
        logout(session.id());
        malformedIds();
    }

    private Session create() {
        n.step("Create a session");
        Session s = store.newSession();
        s.set("user", "ada");
        s.set("theme", "dark");
        s.set(Cart.ALIAS, new Cart(List.of(
                new CartItem("BK-101", "The Art of Redis", 1, new BigDecimal("39.90")),
                new CartItem("MG-007", "Coffee mug", 2, new BigDecimal("8.50")),
                new CartItem("ST-042", "Sticker pack", 1, new BigDecimal("3.00")))));
        s.set("csrf", csrfToken());
        n.say("A user signs in. newSession() gives a draft with a fresh id; setting 4 attributes costs no Redis call.");
        expect(SaveResult.SAVED, store.save(s), "saving the new session");
        n.say("save() -> SAVED: session " + Redaction.id(s.id()) + " and its attributes written in one atomic call.");
        n.more("user = ada, theme = dark, csrf = <" + ((String) s.get("csrf")).length() + "-char token, not shown>");
        n.more("cart = " + s.get(Cart.ALIAS, Cart.class).describe()
                + ": an application record, stored as JSON under the registered alias 'cart'");
        n.more("deadline " + Narrator.clock(s.expiresAt()) + " (idle timeout " + Narrator.human(s.idleTimeout())
                + ", absolute timeout " + Narrator.human(s.absoluteTimeout()) + ")");
        n.more("The id is a bearer credential, so it is only ever shown as its first 7 characters.");
        summary.add("created a session with 4 attributes in one call");
        return s;
    }

    private Session load(Session created) throws InterruptedException {
        n.step("Load it: loading slides the idle deadline");
        Instant before = created.expiresAt();
        n.say("The user's next request arrives " + Narrator.human(COMEBACK) + " later...");
        Thread.sleep(COMEBACK.toMillis());
        Session loaded = store.find(created.id())
                .orElseThrow(() -> new IllegalStateException("the session just created was not found"));
        Instant after = loaded.expiresAt();
        long slid = Duration.between(before, after).toMillis();
        if (slid <= 0) {
            throw new IllegalStateException("loading did not move the deadline (before " + before + ", after " + after + ")");
        }
        n.say("find() loaded the session and slid its deadline, in the same single call:");
        n.more("expiresAt before: " + Narrator.clock(before));
        n.more("expiresAt after:  " + Narrator.clock(after) + "   (+" + Narrator.seconds(slid) + ")");
        Cart cart = loaded.get(Cart.ALIAS, Cart.class);
        n.more("read back: user = " + loaded.get("user") + ", theme = " + loaded.get("theme")
                + ", cart = " + cart.describe() + " (a Cart again)");
        summary.add("loaded it and slid its idle deadline by " + Narrator.seconds(slid) + ", in one call");
        return loaded;
    }

    private void changeAndSave(Session loaded) {
        n.step("Change one attribute and save");
        loaded.set("theme", "light");
        expect(SaveResult.SAVED, store.save(loaded), "saving a changed attribute");
        n.say("theme: dark -> light; save() -> SAVED: only that one attribute was written.");
        expect(SaveResult.UNCHANGED, store.save(loaded), "saving with nothing changed");
        n.say("save() again with nothing changed -> UNCHANGED: nothing was sent to Redis at all.");
        summary.add("saved only what changed (SAVED), and nothing when nothing changed (UNCHANGED)");
    }

    private void concurrentRequests(String id) throws InterruptedException {
        n.step("Two requests at once, changing different attributes");
        n.say("Tab 1 sets lastPage = /checkout while tab 2 adds a 4th item to the cart.");
        n.more("Both load the session before either saves, so neither copy holds the other's change.");
        CyclicBarrier bothLoaded = new CyclicBarrier(2);
        ExecutorService requests = Executors.newFixedThreadPool(2);
        try {
            Future<SaveResult> tab1 = requests.submit(() -> {
                Session mine = store.find(id).orElseThrow();
                bothLoaded.await(5, TimeUnit.SECONDS);
                mine.set("lastPage", "/checkout");
                return store.save(mine);
            });
            Future<SaveResult> tab2 = requests.submit(() -> {
                Session mine = store.find(id).orElseThrow();
                bothLoaded.await(5, TimeUnit.SECONDS);
                mine.set(Cart.ALIAS, mine.get(Cart.ALIAS, Cart.class)
                        .with(new CartItem("TS-200", "T-shirt", 1, new BigDecimal("19.00"))));
                return store.save(mine);
            });
            SaveResult r1 = result(tab1);
            SaveResult r2 = result(tab2);
            expect(SaveResult.SAVED, r1, "tab 1's save");
            expect(SaveResult.SAVED, r2, "tab 2's save");
            n.say("tab 1: save() -> " + r1 + ", tab 2: save() -> " + r2);
        } finally {
            requests.shutdownNow();
        }
        Session now = store.find(id).orElseThrow(() -> new IllegalStateException("the session vanished"));
        Cart cart = now.get(Cart.ALIAS, Cart.class);
        if (!"/checkout".equals(now.get("lastPage")) || cart.items().size() != 4) {
            throw new IllegalStateException("a concurrent change was lost: lastPage = " + now.get("lastPage")
                    + ", cart = " + cart.describe());
        }
        n.say("Reloaded: lastPage = " + now.get("lastPage") + " and cart = " + cart.describe() + ".");
        n.more("Both changes kept: a save writes only the attributes its request changed.");
        summary.add("kept both of two concurrent changes to different attributes");
    }

    private Session expireOnTime() throws InterruptedException {
        n.step("A session with a " + Narrator.human(SHORT_IDLE) + " idle timeout expires on time");
        Session s = store.newSession();
        s.setIdleTimeout(SHORT_IDLE);
        s.set("user", "grace");
        expect(SaveResult.SAVED, store.save(s), "saving the short-lived session");
        n.say("Saved session " + Redaction.id(s.id()) + " for user grace, idle timeout " + Narrator.human(SHORT_IDLE)
                + ": deadline " + Narrator.clock(s.expiresAt()) + ".");
        n.say("Nobody touches it. Waiting for its deadline...");
        n.countdown(s.expiresAt(), SHORT_IDLE);
        // The deadline is Redis's clock; allow for this machine's clock being a little ahead of it.
        Instant giveUp = Instant.now().plus(SKEW_ALLOWANCE);
        while (store.exists(s.id())) {
            if (Instant.now().isAfter(giveUp)) {
                throw new IllegalStateException("the session was still live " + SKEW_ALLOWANCE.toSeconds()
                        + " s after its deadline by this machine's clock; is this machine's clock behind Redis's?");
            }
            Thread.sleep(50);
        }
        if (store.find(s.id()).isPresent()) {
            throw new IllegalStateException("find() returned a session past its deadline");
        }
        n.say("The deadline has passed: find() -> nothing (Optional.empty).");
        n.more("No expiry worker and no Redis TTL had to act first: every load checks the deadline itself.");
        summary.add("expired a " + Narrator.human(SHORT_IDLE) + " session on time: find() returned nothing");
        return s;
    }

    private void lateSave(Session stale) {
        n.step("A late save cannot bring it back");
        n.say("A request that loaded the session before its deadline finishes now and saves a change:");
        stale.set("lastPage", "/too-late");
        expect(SaveResult.GONE, store.save(stale), "saving a session past its deadline");
        if (store.exists(stale.id())) {
            throw new IllegalStateException("a save brought an expired session back");
        }
        n.more("save() -> GONE: nothing written, the session was not recreated (exists() -> false).");
        n.more("The application starts a fresh session for that user instead.");
        summary.add("a late save of the expired session got GONE: no resurrection");
    }

    private void logout(String id) {
        n.step("Log out");
        long before = store.count();
        n.say("count() -> " + before + " live session(s) in namespace '" + namespace + "'.");
        if (!store.destroy(id, DestroyReason.LOGOUT)) {
            throw new IllegalStateException("destroying the live session reported that there was none");
        }
        n.say("destroy(" + Redaction.id(id) + ", LOGOUT) -> true");
        long after = store.count();
        n.say("count() -> " + after + ".");
        if (store.find(id).isPresent() || store.destroy(id, DestroyReason.LOGOUT)) {
            throw new IllegalStateException("the destroyed session is still there");
        }
        n.more("find() -> nothing, and destroy() again -> false: it is gone for good.");
        summary.add("logged the user out: count() " + before + " -> " + after);
    }

    private void malformedIds() {
        n.step("Malformed session ids are refused before they reach Redis");
        StoreStats before = store.stats();
        for (String bad : MALFORMED_IDS) {
            if (store.find(bad).isPresent()) {
                throw new IllegalStateException("a malformed id found a session");
            }
        }
        StoreStats after = store.stats();
        long refused = after.malformedIds() - before.malformedIds();
        n.say("find(\"" + String.join("\"), find(\"", MALFORMED_IDS) + "\") -> nothing, each.");
        n.more("stats(): malformedIds " + before.malformedIds() + " -> " + after.malformedIds()
                + ": the id format check refused them before any key was built or any call made.");
        summary.add("refused " + refused + " malformed ids without a Redis call (counted in stats())");
    }

    public void summarize(RedisFacts facts, boolean embedded) {
        n.heading("Summary");
        n.plain("In " + Narrator.seconds(n.elapsed().toMillis()) + ", on " + facts.describe() + " (" + facts.mode()
                + (embedded ? ", embedded" : "") + "), the store:");
        for (String line : summary) {
            n.plain("  - " + line);
        }
        n.plain("Next: README.md shows the library API and how to run this tour on your own Redis (--redis URL).");
    }

    private static SaveResult result(Future<SaveResult> request) throws InterruptedException {
        try {
            return request.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("a concurrent request failed: " + cause, cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("a concurrent request did not finish within 10 s", e);
        }
    }

    private static void expect(SaveResult expected, SaveResult actual, String what) {
        if (actual != expected) {
            throw new IllegalStateException(what + " returned " + actual + ", expected " + expected);
        }
    }

    private static String csrfToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
