package dev.sessionkeeper.sample;

import dev.sessionkeeper.spring.session.SessionKeeperSession;
import dev.sessionkeeper.spring.session.SessionKeeperSessionRepository;
import dev.sessionkeeper.testkit.RedisExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.session.FindByIndexNameSessionRepository;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample over HTTP, as browsers use it: Spring Security's form login, two sessions per user
 * at most (the oldest is signed out by ConcurrentSessionFilter), "your sessions" from
 * findByPrincipalName, sign out everywhere, and an expiration heard by the listener.
 */
class SampleApplicationTest {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standalone();

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

    private ConfigurableApplicationContext app;
    private String base;

    @BeforeEach
    void start() {
        app = SampleApplication.start("--server.port=0", "--sessionkeeper.redis.url=" + REDIS.uri(),
                "--sessionkeeper.namespace=sample" + System.nanoTime() % 100000);
        base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
    }

    @AfterEach
    void stop() {
        app.close();
    }

    /** One browser: its own cookie jar. */
    final class Browser {
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String form) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        }

        String csrf(String page) throws Exception {
            Matcher m = CSRF.matcher(get(page).body());
            assertThat(m.find()).as("a CSRF token on " + page).isTrue();
            return m.group(1) != null ? m.group(1) : m.group(2);
        }

        Browser signIn(String user) throws Exception {
            assertThat(get("/").statusCode()).isEqualTo(302);
            HttpResponse<String> r = post("/login", "username=" + user + "&password=password&_csrf="
                    + URLEncoder.encode(csrf("/login"), StandardCharsets.UTF_8));
            assertThat(r.statusCode()).isEqualTo(302);
            assertThat(r.headers().firstValue("Location").orElse("")).doesNotContain("error");
            return this;
        }

        String home() throws Exception {
            HttpResponse<String> r = get("/");
            return r.statusCode() == 200 ? r.body() : "status " + r.statusCode() + " " + r.body();
        }
    }

    @Test
    void signInListSessionsMaximumTwoAndSignOutEverywhere() throws Exception {
        Browser first = new Browser().signIn("alice");
        assertThat(first.home()).contains("Signed in as <span id=\"user\">alice</span>").contains("(<span id=\"count\">1<");
        Browser second = new Browser().signIn("alice");
        assertThat(second.home()).contains("(<span id=\"count\">2<");

        Browser third = new Browser().signIn("alice");
        assertThat(first.home()).as("the oldest of three is signed out").contains("This session has been expired");
        assertThat(third.home()).contains("(<span id=\"count\">2<");

        HttpResponse<String> everywhere = third.post("/logout-everywhere",
                "_csrf=" + URLEncoder.encode(third.csrf("/"), StandardCharsets.UTF_8));
        assertThat(everywhere.body()).contains("Signed out of 2 sessions");
        assertThat(second.get("/").statusCode()).isEqualTo(302);
        assertThat(third.get("/").statusCode()).isEqualTo(302);
        assertThat(app.getBean(SessionKeeperSessionRepository.class).findByPrincipalName("alice")).isEmpty();
    }

    @Test
    void anExpiredSessionShowsOnTheExpirationsPage() throws Exception {
        SessionKeeperSessionRepository repo = app.getBean(SessionKeeperSessionRepository.class);
        SessionKeeperSession s = repo.createSession();
        s.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "bob");
        s.setMaxInactiveInterval(Duration.ofMillis(300));
        repo.save(s);
        Browser anyone = new Browser();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String page = "";
        while (!page.contains("bob") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            page = anyone.get("/expired").body();
        }
        assertThat(page).contains(s.getId().substring(0, 8)).contains("bob");
    }
}
