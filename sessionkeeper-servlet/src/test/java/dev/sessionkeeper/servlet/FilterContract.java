package dev.sessionkeeper.servlet;

import dev.sessionkeeper.expiry.ExpiryWorker;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.testkit.RedisExtension;
import dev.sessionkeeper.testkit.RedisServer;
import dev.sessionkeeper.testkit.ScriptCalls;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The filter in a real container, over real HTTP, on a real Redis. Subclasses pick the container. */
abstract class FilterContract {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standalone();

    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    abstract Container container();

    private Container container;
    private SessionStore store;
    private Http http;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        start(b -> b, SessionStore.builder().redis(REDIS.uri()).namespace("f" + NAMESPACES.incrementAndGet()).build());
    }

    private void start(java.util.function.UnaryOperator<SessionKeeperFilter.Builder> config, SessionStore s) throws Exception {
        stop();
        store = s;
        container = container();
        http = new Http(container.start(config.apply(SessionKeeperFilter.builder(store)).build(), new TestServlet()));
    }

    @AfterEach
    void stop() throws Exception {
        if (container != null) {
            container.close();
            container = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
        for (AutoCloseable c : closeables) {
            c.close();
        }
        closeables.clear();
    }

    /** EVALSHA/EVAL calls that ran on the Redis server so far: each store operation is one. */
    static long scriptCalls() {
        return ScriptCalls.count(List.of(REDIS.uri()));
    }

    private String newSession(String name, String value) throws Exception {
        Http.Reply r = http.get("/set?name=" + name + "&value=" + value, null);
        assertThat(r.status()).isEqualTo(200);
        return r.sessionCookie();
    }

    @Test
    void untouchedRequestsAndEmptySessionsCostNothing() throws Exception {
        String id = newSession("a", "1");
        long before = scriptCalls();
        Http.Reply none = http.get("/none", "SESSION=" + id);
        assertThat(none.body()).isEqualTo("ok");
        assertThat(none.setCookies()).isEmpty();
        Http.Reply empty = http.get("/new-empty", null);
        assertThat(empty.body()).isEqualTo("new");
        assertThat(empty.setCookies()).isEmpty();
        assertThat(scriptCalls()).isEqualTo(before);
    }

    @Test
    void roundTripsAreOneToCreateOneToReadTwoToChange() throws Exception {
        long before = scriptCalls();
        String id = newSession("a", "1");
        assertThat(scriptCalls() - before).isEqualTo(1);
        before = scriptCalls();
        assertThat(http.get("/read?name=a", "SESSION=" + id).body()).isEqualTo("1");
        assertThat(scriptCalls() - before).isEqualTo(1);
        before = scriptCalls();
        Http.Reply change = http.get("/set?name=a&value=2", "SESSION=" + id);
        assertThat(change.setCookies()).isEmpty();
        assertThat(scriptCalls() - before).isEqualTo(2);
        assertThat(http.get("/read?name=a", "SESSION=" + id).body()).isEqualTo("2");
    }

    @Test
    void theCookieIsHttpOnlyLaxAndSecureBehindTls() throws Exception {
        Http.Reply plain = http.get("/set?name=a&value=1", null);
        String header = plain.sessionCookieHeader();
        assertThat(header).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax")
                .containsIgnoringCase("Path=/").doesNotContainIgnoringCase("Secure");
        Http.Reply proxied = http.get("/set?name=a&value=1", null, Map.of("X-Forwarded-Proto", "https"));
        assertThat(proxied.sessionCookieHeader()).containsIgnoringCase("Secure");
    }

    @Test
    void cookieSettingsAreHonoured() throws Exception {
        start(b -> b.sameSite(SameSite.STRICT).secure(SecureCookie.ALWAYS).cookieMaxAge(Duration.ofHours(1)).cookiePath("/app"),
                SessionStore.builder().redis(REDIS.uri()).namespace("cookies").build());
        String header = http.get("/set?name=a&value=1", null).sessionCookieHeader();
        assertThat(header).containsIgnoringCase("SameSite=Strict").containsIgnoringCase("Secure")
                .containsIgnoringCase("Path=/app").containsIgnoringCase("Max-Age=3600");
    }

    @Test
    void signingInRotatesTheIdAndTheOldOneIsDead() throws Exception {
        String anonymous = newSession("cart", "apple");
        Http.Reply login = http.get("/login?user=alice", "SESSION=" + anonymous);
        String signedIn = login.sessionCookie();
        assertThat(signedIn).isNotNull().isNotEqualTo(anonymous).isEqualTo(login.body());
        assertThat(http.get("/read?name=cart", "SESSION=" + signedIn).body()).isEqualTo("apple");
        assertThat(http.get("/principal", "SESSION=" + signedIn).body()).isEqualTo("alice");
        assertThat(http.get("/read?name=cart", "SESSION=" + anonymous).body()).isEqualTo("none");
        assertThat(store.exists(anonymous)).isFalse();
        assertThat(store.sessionsOf("alice")).singleElement().satisfies(i -> assertThat(i.id()).isEqualTo(signedIn));
    }

    @Test
    void changeSessionIdRotates() throws Exception {
        String id = newSession("a", "1");
        Http.Reply rotated = http.get("/rotate", "SESSION=" + id);
        assertThat(rotated.sessionCookie()).isEqualTo(rotated.body()).isNotEqualTo(id);
        assertThat(http.get("/read?name=a", "SESSION=" + rotated.body()).body()).isEqualTo("1");
        assertThat(store.exists(id)).isFalse();
    }

    @Test
    void invalidateDestroysAndClearsTheCookie() throws Exception {
        String id = newSession("a", "1");
        Http.Reply r = http.get("/invalidate", "SESSION=" + id);
        assertThat(r.sessionCookieHeader()).containsIgnoringCase("Max-Age=0");
        assertThat(store.exists(id)).isFalse();
        assertThat(http.get("/read?name=a", "SESSION=" + id).body()).isEqualTo("none");
    }

    @Test
    void badCookiesGiveAFreshSessionNeverAnError() throws Exception {
        String valid = newSession("a", "1");
        String expired = store.create().id();
        store.destroy(expired, dev.sessionkeeper.DestroyReason.ADMIN);
        for (String cookie : List.of("SESSION=", "SESSION=garbage", "SESSION=" + "x".repeat(4000),
                "SESSION={}:*", "SESSION=\"quoted\"", "SESSION=" + expired, "SESSION=007AAAAAAAAAAAAAAAAAAAAAAAA",
                "SESSION=%00%01", "SESSION=a; SESSION=b; SESSION=c; SESSION=d")) {
            Http.Reply r = http.get("/read?name=a", cookie);
            assertThat(r.status()).as(cookie).isIn(200, 400, 431);
            if (r.status() == 200) {
                assertThat(r.body()).as(cookie).isEqualTo("none");
            }
            Http.Reply fresh = http.get("/set?name=b&value=2", cookie);
            assertThat(fresh.status()).as(cookie).isIn(200, 400, 431);
        }
        // A duplicate cookie whose first value is garbage still finds the real session.
        assertThat(http.get("/read?name=a", "SESSION=garbage; SESSION=" + valid).body()).isEqualTo("1");
    }

    @Test
    void concurrentRequestsOnOneSessionKeepEveryAttribute() throws Exception {
        String id = newSession("seed", "0");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int me = t;
                futures.add(pool.submit(() -> {
                    for (int i = 1; i <= 30; i++) {
                        assertThat(http.get("/set?name=t" + me + "&value=" + i, "SESSION=" + id).status()).isEqualTo(200);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (int t = 0; t < 8; t++) {
            assertThat(http.get("/read?name=t" + t, "SESSION=" + id).body()).isEqualTo("30");
        }
    }

    @Test
    void aListChangedInPlaceIsSaved() throws Exception {
        String id = http.get("/list?name=cart&value=apple", null).sessionCookie();
        http.get("/append?name=cart&value=pear", "SESSION=" + id);
        assertThat(http.get("/read?name=cart", "SESSION=" + id).body()).isEqualTo("[apple, pear]");
    }

    @Test
    void asyncRequestsAreSavedWhenTheyComplete() throws Exception {
        Http.Reply r = http.get("/async-set?name=a&value=async", null);
        assertThat(r.body()).isEqualTo("async-set");
        assertThat(http.get("/read?name=a", "SESSION=" + r.sessionCookie()).body()).isEqualTo("async");
    }

    @Test
    void listenersAreCalledFromTheDurableEvents() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        Object listener = new Object();
        HttpSessionListener sessions = new HttpSessionListener() {
            @Override
            public void sessionCreated(HttpSessionEvent se) {
                calls.add("created " + se.getSession().getId());
            }

            @Override
            public void sessionDestroyed(HttpSessionEvent se) {
                calls.add("destroyed " + se.getSession().getId());
            }
        };
        HttpSessionAttributeListener attributes = new HttpSessionAttributeListener() {
            @Override
            public void attributeRemoved(HttpSessionBindingEvent event) {
                calls.add("removed " + event.getName() + "=" + event.getValue());
            }
        };
        SessionStore s = SessionStore.builder().redis(REDIS.uri()).namespace("listeners" + listener.hashCode())
                .idleTimeout(Duration.ofMillis(500)).snapshotAllAttributes().build();
        start(b -> b.listeners("app", sessions, attributes), s);
        ExpiryWorker worker = store.expiryWorker().maxSleep(Duration.ofMillis(50)).start();
        closeables.add(worker);
        String id = newSession("theme", "dark");
        long end = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < end && !calls.contains("destroyed " + id)) {
            Thread.sleep(50);
        }
        assertThat(calls).containsExactly("created " + id, "removed theme=dark", "destroyed " + id);
    }

    @Test
    void listenersSeeASignInAndAnIdChangeAsOneSessionUnderANewIdAsAContainerDoes() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        HttpSessionListener sessions = new HttpSessionListener() {
            @Override
            public void sessionCreated(HttpSessionEvent se) {
                calls.add("created " + se.getSession().getId());
            }

            @Override
            public void sessionDestroyed(HttpSessionEvent se) {
                calls.add("destroyed " + se.getSession().getId());
            }
        };
        HttpSessionIdListener ids = (se, oldId) -> calls.add("id " + oldId + " -> " + se.getSession().getId());
        SessionStore s = SessionStore.builder().redis(REDIS.uri()).namespace("signin" + NAMESPACES.incrementAndGet())
                .build();
        start(b -> b.listeners("app", sessions, ids), s);
        String anonymous = newSession("cart", "3");
        String signedIn = http.get("/login?user=erin", "SESSION=" + anonymous).sessionCookie();
        String rotated = http.get("/rotate", "SESSION=" + signedIn).body();
        List<String> expected = List.of("created " + anonymous, "id " + anonymous + " -> " + signedIn,
                "id " + signedIn + " -> " + rotated);
        long end = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < end && !calls.containsAll(expected)) {
            Thread.sleep(50);
        }
        // Whatever else would come (a created event for the new ids) comes from the same streams.
        Thread.sleep(500);
        assertThat(calls).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aValidCookieBehindMalformedOnesIsFound() throws Exception {
        String valid = newSession("a", "1");
        assertThat(http.get("/read?name=a", "SESSION=a; SESSION=b; SESSION=c; SESSION=d; SESSION=" + valid).body())
                .isEqualTo("1");
        String unknown = store.create().id();
        store.destroy(unknown, dev.sessionkeeper.DestroyReason.ADMIN);
        // Well-formed ids are still bounded: a flood of them is cut short before the valid one.
        assertThat(http.get("/read?name=a", "SESSION=" + unknown + "; SESSION=" + unknown + "; SESSION=" + unknown
                + "; SESSION=" + valid).body()).isEqualTo("none");
    }

    @Test
    void redisDownIsA503WithRetryAfterAndRequestsThatNeverReadTheSessionRunOn() throws Exception {
        try (RedisServer redis = RedisServer.startStandalone()) {
            start(b -> b, SessionStore.builder().redis(redis.uri()).namespace("down").build());
            String id = newSession("a", "1");
            redis.stop();
            for (int i = 0; i < 3; i++) {
                Http.Reply r = http.get("/read?name=a", "SESSION=" + id);
                assertThat(r.status()).isEqualTo(503);
                assertThat(r.header("Retry-After")).isEqualTo("5");
                assertThat(r.body()).doesNotContain("Exception").doesNotContain("at dev.");
            }
            assertThat(http.get("/none", "SESSION=" + id).status()).isEqualTo(200);
        }
    }

    @Test
    void theRedisDownAnswerIsConfigurable() throws Exception {
        try (RedisServer redis = RedisServer.startStandalone()) {
            start(b -> b.redisUnavailable(429, Duration.ofSeconds(30)),
                    SessionStore.builder().redis(redis.uri()).namespace("down").build());
            redis.stop();
            Http.Reply r = http.get("/set?name=a&value=1", null);
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.header("Retry-After")).isEqualTo("30");
        }
    }

    @Test
    void aSaveThatFailsBeforeTheResponseIsCommittedFailsTheRequest() throws Exception {
        try (RedisServer redis = RedisServer.startStandalone()) {
            start(b -> b, SessionStore.builder().redis(redis.uri()).namespace("lost").build());
            String id = newSession("a", "1");
            TestServlet.afterSet = redis::stop;
            try {
                Http.Reply r = http.get("/set-then?name=a&value=2", "SESSION=" + id);
                assertThat(r.status()).isEqualTo(503);
                assertThat(r.body()).doesNotContain("set");
            } finally {
                TestServlet.afterSet = () -> { };
            }
        }
    }

    @Test
    void updateReadsModifiesAndWritesOneAttributeWithoutLosingConcurrentUpdates() throws Exception {
        String id = newSession("seed", "0");
        int requests = 20;
        long plainCalls = scriptCalls();
        long plainStart = System.nanoTime();
        concurrently(requests, () -> http.get("/increment?name=plain", "SESSION=" + id).status());
        long plainNanos = System.nanoTime() - plainStart;
        plainCalls = scriptCalls() - plainCalls;
        long atomicCalls = scriptCalls();
        long atomicStart = System.nanoTime();
        concurrently(requests, () -> http.get("/increment-atomically?name=n", "SESSION=" + id).status());
        long atomicNanos = System.nanoTime() - atomicStart;
        atomicCalls = scriptCalls() - atomicCalls;
        assertThat(http.get("/read?name=n", "SESSION=" + id).body()).isEqualTo(String.valueOf(requests));
        System.out.printf("%s: %d concurrent increments of one attribute: plain get/set ended at %s, %.1f Redis calls"
                        + " and %.1f ms each; update() ended at %d, %.1f Redis calls and %.1f ms each%n", container,
                requests, http.get("/read?name=plain", "SESSION=" + id).body(), plainCalls / (double) requests,
                plainNanos / 1e6 / requests, requests, atomicCalls / (double) requests, atomicNanos / 1e6 / requests);
    }

    private static void concurrently(int requests, Callable<Integer> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                futures.add(pool.submit(request));
            }
            for (Future<Integer> f : futures) {
                assertThat(f.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
