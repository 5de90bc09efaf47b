package dev.sessionkeeper.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionkeeper.Session;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.app.ops.PrometheusMetrics;
import dev.sessionkeeper.app.support.Redaction;
import dev.sessionkeeper.testkit.RedisExtension;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web demo over real HTTP, in-process on a free port: each {@link Device} is a client with a cookie jar of
 * its own, as a browser on another device would be.
 */
class WebDemoTest {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standalone();

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern WHOLE_SESSION_ID = Pattern.compile("(?<![A-Za-z0-9_-])\\d{3}[A-Za-z0-9_-]{24}(?![A-Za-z0-9_-])");
    private static final String DEVICE_ITEM = "<li class=\"card device";

    private PrometheusMetrics metrics;
    private SessionStore store;
    private WebDemo demo;
    private URI base;

    @BeforeEach
    void start(TestInfo test) {
        metrics = new PrometheusMetrics();
        store = WebDemo.configure(SessionStore.builder().redis(REDIS.uri())
                .namespace("web-" + test.getTestMethod().orElseThrow().getName().hashCode()), metrics).build();
        demo = WebDemo.start(store, metrics, "127.0.0.1", 0, 0);
        base = URI.create("http://127.0.0.1:" + demo.port());
    }

    @AfterEach
    void stop() {
        demo.close();
        store.close();
    }

    @Test
    void metricsAreServedInPrometheusFormat() throws Exception {
        new Device("Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36").signIn("carol", "90");
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(base.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(metrics.body()).contains("# TYPE sessionkeeper_expirations_total counter",
                        "sessionkeeper_rejected_total{cause=\"malformed-id\"}")
                .containsPattern("sessionkeeper_script_seconds_count\\{outcome=\"ok\",script=\"rotate_in\"\\} [1-9]");
    }

    @Test
    void twoDevicesSeeEachOtherAndSigningOutEverywhereEndsBoth() throws Exception {
        Device phone = new Device("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1");
        Device laptop = new Device("Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36");

        assertThat(phone.signIn("alice", "90").body()).contains("Signed in as alice.", "Your devices");
        HttpResponse<String> devices = laptop.signIn("alice", "90");

        assertThat(devices.uri().getPath()).isEqualTo("/devices");
        assertThat(count(devices.body(), DEVICE_ITEM)).isEqualTo(2);
        assertThat(count(devices.body(), "This device")).isEqualTo(1);
        assertThat(devices.body()).contains("Chrome on Linux", "Safari on iOS", "on 2 devices of at most 3");
        assertThat(WHOLE_SESSION_ID.matcher(devices.body()).find()).as("a whole session id in the page").isFalse();
        assertThat(devices.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(store.sessionsOf("alice")).hasSize(2);

        HttpResponse<String> after = laptop.post("/signout", Map.of("scope", "everywhere"));
        assertThat(after.uri().toString()).endsWith("/?bye=everywhere");
        assertThat(after.body()).contains("You are signed out on all your devices.");
        assertThat(store.sessionsOf("alice")).isEmpty();

        HttpResponse<String> phoneAgain = phone.get("/devices");
        assertThat(phoneAgain.uri().toString()).endsWith("/?ended=1");
        assertThat(phoneAgain.body()).contains("Your session has ended");
    }

    @Test
    void signingOutTheOthersKeepsThisDeviceAndTheLimitEvictsTheLeastRecentlyUsed() throws Exception {
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            devices.add(new Device("Mozilla/5.0 (Windows NT 10.0) Firefox/12" + i + ".0"));
            devices.get(i).signIn("bob", "90");
        }
        devices.get(1).get("/devices");
        devices.get(2).get("/devices");
        Device fourth = new Device("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Safari/605.1.15");

        HttpResponse<String> page = fourth.signIn("bob", "90");
        assertThat(page.body()).contains("You were already signed in on 3 devices, so the one used least recently "
                + "(Firefox on Windows) was signed out.");
        assertThat(count(page.body(), DEVICE_ITEM)).isEqualTo(3);
        assertThat(devices.get(0).get("/devices").body()).contains("Your session has ended");

        HttpResponse<String> others = fourth.post("/signout", Map.of("scope", "others"));
        assertThat(others.body()).contains("Signed out 2 other devices.");
        assertThat(count(others.body(), DEVICE_ITEM)).isEqualTo(1);

        HttpResponse<String> self = fourth.post("/signout", Map.of("scope", "this"));
        assertThat(self.body()).contains("You are signed out on this device.");
        assertThat(store.sessionsOf("bob")).isEmpty();
    }

    @Test
    void aPostWithoutTheSessionsCsrfTokenIsRejectedAndChangesNothing() throws Exception {
        Device device = new Device("test");
        device.signIn("carol", "90");

        HttpResponse<String> forged = device.send(form("/signout", Map.of("scope", "everywhere")));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("This form has expired");
        HttpResponse<String> wrong = device.send(form("/signout", Map.of("scope", "everywhere", "csrf", "guess")));
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(store.sessionsOf("carol")).hasSize(1);

        Device stranger = new Device("test");
        assertThat(stranger.send(form("/signin", Map.of("name", "mallory"))).statusCode()).isEqualTo(403);
        assertThat(store.sessionsOf("mallory")).isEmpty();
    }

    @Test
    void namesAndUserAgentsAreEscaped() throws Exception {
        String name = "<script>alert(\"x\")</script>&'";
        Device device = new Device("<img src=x onerror=alert(1)>");

        String page = device.signIn(name, "90").body();

        assertThat(page).doesNotContain("<script>alert", "<img src=x")
                .contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;")
                .contains("&lt;img src=x onerror=alert(1)&gt;");
        assertThat(device.get("/").body()).contains("value=\"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;\"");
        assertThat(store.sessionsOf(name)).hasSize(1);
    }

    @Test
    void badNamesAndUnknownPathsAreAnsweredWithoutAnError() throws Exception {
        Device device = new Device("test");
        HttpResponse<String> empty = device.signIn("   ", "90");
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).contains("Please enter a name of 1 to 64 characters.");
        assertThat(device.signIn("x".repeat(65), "90").body()).contains("Please enter a name");

        assertThat(device.get("/devices").body()).contains("Sign in to see your devices.");
        assertThat(device.get("/static/missing.js").statusCode()).isEqualTo(404);
        assertThat(device.get("/static/app.css").headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/css"));
        assertThat(device.get("/webjars/%2e%2e/%2e%2e/simplelogger.properties").statusCode()).isNotEqualTo(200);
        assertThat(device.get("/no-such-page").statusCode()).isEqualTo(404);
    }

    @Test
    void theDashboardServesItsChartsItsFiguresAndALiveEventStream() throws Exception {
        Device viewer = new Device("test");
        String page = viewer.get("/dashboard").body();
        String chartJs = ClasspathResourceServlet.chartJs();
        assertThat(page).contains("<script src=\"" + chartJs + "\"></script>", "rate-chart", "lateness-chart", "id=\"feed\"");
        HttpResponse<String> library = viewer.get(chartJs);
        assertThat(library.statusCode()).isEqualTo(200);
        assertThat(library.body()).contains("Chart");

        BlockingQueue<String> events = new ArrayBlockingQueue<>(1000);
        HttpRequest streamRequest = HttpRequest.newBuilder(base.resolve("/dashboard/events")).build();
        CompletableFuture<HttpResponse<Stream<String>>> stream =
                viewer.client.sendAsync(streamRequest, HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> open = stream.get(5, TimeUnit.SECONDS);
        assertThat(open.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        Thread reader = new Thread(() -> open.body().filter(l -> l.startsWith("data: ")).forEach(events::offer));
        reader.setDaemon(true);
        reader.start();

        Session shortLived = store.newSession();
        shortLived.setIdleTimeout(Duration.ofMillis(300));
        shortLived.set("userAgent", "test");
        store.save(shortLived);

        JsonNode created = awaitEvent(events, "created");
        assertThat(created.get("id").asText()).isEqualTo(Redaction.id(shortLived.id()));
        JsonNode expired = awaitEvent(events, "expired");
        assertThat(expired.get("id").asText()).isEqualTo(Redaction.id(shortLived.id()));
        assertThat(expired.get("latenessMs").asLong()).isBetween(0L, 2_000L);
        open.body().close();

        // The per-second series holds whole seconds only, and the worker counts its batch when the script
        // returns, which may be just after the event reached us: so the figures may take a second to show it.
        JsonNode stats = new ObjectMapper().readTree(viewer.get(DashboardServlet.STATS_PATH).body());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while ((sum(stats.get("perSecond")) == 0 || stats.get("worker").get("expired").asLong() == 0)
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
            stats = new ObjectMapper().readTree(viewer.get(DashboardServlet.STATS_PATH).body());
        }
        assertThat(stats.get("live").asLong()).isZero();
        assertThat(stats.get("perSecond")).hasSize(ExpiryStats.WINDOW_SECONDS);
        assertThat(sum(stats.get("perSecond"))).isEqualTo(1);
        assertThat(stats.get("events").get("expired").asLong()).isEqualTo(1);
        assertThat(stats.get("latenessLabels")).hasSize(8);
        assertThat(sum(stats.get("latenessCounts"))).isEqualTo(1);
        assertThat(stats.get("worker").get("expired").asLong()).isEqualTo(1);
    }

    @Test
    void theSimulatorMakesSessionsThatExpire() throws Exception {
        demo.close();
        demo = WebDemo.start(store, metrics, "127.0.0.1", 0, 20);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
        Device viewer = new Device("test");
        base = URI.create("http://127.0.0.1:" + demo.port());
        JsonNode stats;
        do {
            Thread.sleep(500);
            stats = new ObjectMapper().readTree(viewer.get(DashboardServlet.STATS_PATH).body());
        } while (stats.get("events").get("expired").asLong() == 0 && System.nanoTime() < deadline);
        assertThat(stats.get("simulatedUsers").asInt()).isEqualTo(20);
        assertThat(stats.get("events").get("created").asLong()).isGreaterThanOrEqualTo(20);
        assertThat(stats.get("events").get("expired").asLong()).isPositive();
    }

    private static JsonNode awaitEvent(BlockingQueue<String> events, String type) throws Exception {
        ObjectMapper json = new ObjectMapper();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String line = events.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                JsonNode event = json.readTree(line.substring("data: ".length()));
                if (type.equals(event.get("type").asText())) {
                    return event;
                }
            }
        }
        throw new AssertionError("no '" + type + "' event on the stream within 10 s");
    }

    private static long sum(JsonNode numbers) {
        long sum = 0;
        for (JsonNode n : numbers) {
            sum += n.asLong();
        }
        return sum;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private HttpRequest form(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** One browser: its own cookies, its own user agent; follows redirects as a browser does. */
    private final class Device {
        final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(5)).build();
        final String userAgent;
        String lastToken;

        Device(String userAgent) {
            this.userAgent = userAgent;
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
            Matcher m = CSRF.matcher(response.body());
            if (m.find()) {
                lastToken = m.group(1);
            }
            return response;
        }

        HttpResponse<String> signIn(String name, String idleSeconds) throws IOException, InterruptedException {
            get("/");
            return post("/signin", Map.of("name", name, "idle", idleSeconds));
        }

        /** A POST from this site's own form: with the token of the last page. */
        HttpResponse<String> post(String path, Map<String, String> fields) throws IOException, InterruptedException {
            Map<String, String> withToken = new LinkedHashMap<>(fields);
            withToken.put("csrf", lastToken);
            HttpResponse<String> response = send(form(path, withToken));
            Matcher m = CSRF.matcher(response.body());
            if (m.find()) {
                lastToken = m.group(1);
            }
            return response;
        }

        HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
            HttpRequest withAgent = HttpRequest.newBuilder(request, (k, v) -> true).header("User-Agent", userAgent).build();
            return client.send(withAgent, HttpResponse.BodyHandlers.ofString());
        }
    }
}
