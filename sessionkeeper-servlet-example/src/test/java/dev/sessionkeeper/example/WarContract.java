package dev.sessionkeeper.example;

import dev.sessionkeeper.testkit.RedisServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example WAR as an operator runs it: deployed, used, redeployed twice, through a Redis
 * outage, and undeployed, in a real container. Subclasses pick the container.
 *
 * <ul>
 *   <li>No leaks: no leak warning in the container's log, no library thread left, at most one
 *       live web-application class loader after a full GC (none after the undeploy).</li>
 *   <li>A change that cannot be saved fails its request instead of answering 200.</li>
 *   <li>Redis down: 503 with {@code Retry-After} for requests that need their session, one log
 *       line for all of them, 200 for those that do not.</li>
 *   <li>Standard setup: web.xml with the listener and the filter, the store from the
 *       environment or a context-param, a {@code @WebListener} session listener called, the
 *       store reachable from application code.</li>
 * </ul>
 */
abstract class WarContract {

    static final Path WAR = Path.of(System.getProperty("example.war"));
    private static final Pattern SESSION = Pattern.compile("SESSION=([^;]*)");
    private static final int REDEPLOYS = 2;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    abstract Deployment start(RedisServer redis) throws Exception;

    record Reply(int status, String body, String cookie, String retryAfter) {
    }

    @Test
    void deploysRedeploysAndUndeploysWithoutLeaksAndAnswersWellThroughARedisOutage() throws Exception {
        try (RedisServer redis = RedisServer.startStandalone(); Deployment container = start(redis)) {
            long t0 = System.nanoTime();
            container.deploy();
            String deployment = awaitDeployment(container, null);
            step("deployed", t0);

            // Standard setup works: the counter is kept, sign-in rotates, the store is reachable.
            Reply first = get(container, "/count", null);
            assertThat(first.body()).isEqualTo("1");
            String cookie = first.cookie();
            assertThat(get(container, "/count", cookie).body()).isEqualTo("2");
            Reply login = get(container, "/login?user=ann", cookie);
            assertThat(login.cookie()).isNotNull().isNotEqualTo(cookie);
            cookie = login.cookie();
            assertThat(get(container, "/devices", cookie).body()).isEqualTo("1");
            // Concurrent increments of one attribute lose none (update()).
            assertThat(concurrently(container, "/count", cookie, 10)).isEqualTo(12);

            // The @WebListener is called from the durable events (here: logout everywhere).
            Reply other = get(container, "/login?user=bob", null);
            assertThat(get(container, "/logout-everywhere", other.cookie()).body()).isEqualTo("1");
            awaitBody(container, "/audit", b -> b.matches("created=\\d+ destroyed=[1-9]\\d*"));

            step("used", t0);
            for (int i = 0; i < REDEPLOYS; i++) {
                container.deploy();
                deployment = awaitDeployment(container, deployment);
                // The session lives in Redis: it survives the redeploy.
                assertThat(get(container, "/count", cookie).body()).isEqualTo(String.valueOf(13 + i));
            }
            assertThat(awaitLiveClassLoaders(container, 1)).as("live web-app class loaders after %d redeploys", REDEPLOYS)
                    .isLessThanOrEqualTo(1);

            step("redeployed", t0);
            redis.stop();
            for (int i = 0; i < 5; i++) {
                Reply down = get(container, "/count", cookie);
                assertThat(down.status()).isEqualTo(503);
                assertThat(down.retryAfter()).isEqualTo("10");
                assertThat(down.body()).doesNotContain("Exception").doesNotContain("\tat ");
            }
            // A new session's first save fails at the end of the request: not a 200 either.
            assertThat(get(container, "/count", null).status()).isEqualTo(503);
            assertThat(get(container, "/health", cookie).status()).isEqualTo(200);
            assertThat(count(container.log(), "Redis is unavailable")).as(container.log()).isEqualTo(1);
            redis.start();
            awaitBody(container, "/count", b -> b.matches("\\d+"));

            step("outage", t0);
            container.undeploy();
            awaitStatus(container, "/health", 404);
            step("undeployed", t0);
            // The undeploy goes on after the context stops answering: wait for its loader to go.
            assertThat(awaitLiveClassLoaders(container, 0)).as("live web-app class loaders after the undeploy").isZero();
            List<String> threads = container.threadNames();
            assertThat(threads).as(threads.toString()).noneMatch(n -> n.startsWith("lettuce-") || n.startsWith("sk-"));
            String log = container.log();
            assertThat(log).as(log).doesNotContain("memory leak").doesNotContain("failed to remove it")
                    .doesNotContain("failed to stop it").doesNotContainIgnoringCase("SEVERE");
        }
    }

    private static int awaitLiveClassLoaders(Deployment container, int atMost) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int live = container.liveClassLoaders();
        while (live > atMost && System.nanoTime() < end) {
            Thread.sleep(500);
            live = container.liveClassLoaders();
        }
        return live;
    }

    private void step(String what, long t0) {
        System.out.printf("%s: %s after %.1f s%n", getClass().getSimpleName(), what, (System.nanoTime() - t0) / 1e9);
    }

    private String awaitDeployment(Deployment container, String previous) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            try {
                Reply r = get(container, "/health", null);
                if (r.status() == 200 && !r.body().equals("ok " + previous)) {
                    return r.body().substring(3);
                }
            } catch (java.io.IOException e) {
                // Not listening yet.
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the WAR was not (re)deployed within 60 s:\n" + container.log());
    }

    private void awaitBody(Deployment container, String path, java.util.function.Predicate<String> ok) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = null;
        while (System.nanoTime() < end) {
            Reply r = get(container, path, null);
            last = r.status() + " " + r.body();
            if (r.status() == 200 && ok.test(r.body())) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " never answered as expected; last: " + last);
    }

    private void awaitStatus(Deployment container, String path, int status) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            if (get(container, path, null).status() == status) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " did not answer " + status + " within 60 s");
    }

    private int concurrently(Deployment container, String path, String cookie, int requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                replies.add(pool.submit(() -> get(container, path, cookie)));
            }
            int max = 0;
            for (Future<Reply> f : replies) {
                Reply r = f.get();
                assertThat(r.status()).isEqualTo(200);
                max = Math.max(max, Integer.parseInt(r.body()));
            }
            return max;
        } finally {
            pool.shutdownNow();
        }
    }

    Reply get(Deployment container, String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(container.url() + path)).timeout(Duration.ofSeconds(20));
        if (cookie != null) {
            b.header("Cookie", "SESSION=" + cookie);
        }
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        String set = null;
        for (String c : r.headers().allValues("Set-Cookie")) {
            Matcher m = SESSION.matcher(c);
            if (m.lookingAt()) {
                set = m.group(1);
            }
        }
        return new Reply(r.statusCode(), r.body(), set, r.headers().firstValue("Retry-After").orElse(null));
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
