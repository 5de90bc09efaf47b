package dev.sessionkeeper.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionkeeper.Session;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.app.support.Redaction;
import dev.sessionkeeper.testkit.RedisExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The operator commands against real Redis: output and exit codes. Subclasses bind a topology. */
abstract class OperatorContract {

    private static final Pattern WHOLE_SESSION_ID = Pattern.compile("(?<![A-Za-z0-9_-])\\d{3}[A-Za-z0-9_-]{24}(?![A-Za-z0-9_-])");

    abstract RedisExtension redis();

    SessionStore store;
    String ns;

    @BeforeEach
    void connect(TestInfo test) {
        ns = "ops" + Math.abs(test.getDisplayName().hashCode() % 100000);
        store = SessionStore.builder().redis(redis().uri()).namespace(ns).idleTimeout(Duration.ofMinutes(30)).build();
    }

    @AfterEach
    void close() {
        store.close();
    }

    Cli sk(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--redis", redis().uri(), "--namespace", ns));
        return Cli.run(Map.of(), all.toArray(String[]::new));
    }

    private Session signIn(String user, String agent) {
        Session s = store.newSession();
        s.set("userAgent", agent);
        store.save(s);
        return store.login(s, user);
    }

    @Test
    void listShowDestroyCountAndLogout() {
        Session phone = signIn("alice", "Safari on iOS");
        signIn("alice", "Chrome on Linux");
        signIn("alice", "Firefox on Windows");
        signIn("bob", "Edge");
        store.create();

        Cli list = sk("sessions", "list", "--user", "alice", "--attribute", "userAgent");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains("3 live sessions of 'alice' in namespace '" + ns + "':",
                "SESSION", "CREATED", "LAST ACCESS", "EXPIRES IN", "USERAGENT", "Safari on iOS", "Chrome on Linux",
                Redaction.id(phone.id()), "30 min");
        assertThat(WHOLE_SESSION_ID.matcher(list.out()).find()).as(list.out()).isFalse();

        Instant deadline = store.inspector().describe(phone.id()).orElseThrow().deadline();
        Cli show = sk("sessions", "show", phone.id());
        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.out()).contains("session       " + Redaction.id(phone.id()) + " (shard ", "state         live, ",
                "principal     alice", "idle timeout  30 min", "absolute      12 h (ends by ", "attributes    1",
                "userAgent  \"Safari on iOS\"", "(by Redis's clock)");
        assertThat(WHOLE_SESSION_ID.matcher(show.out()).find()).isFalse();
        assertThat(store.inspector().describe(phone.id()).orElseThrow().deadline()).as("show must not slide").isEqualTo(deadline);

        assertThat(sk("sessions", "count").out().strip()).isEqualTo("5");

        Cli destroy = sk("sessions", "destroy", phone.id());
        assertThat(destroy.exitCode()).as(destroy.toString()).isZero();
        assertThat(destroy.out()).contains("destroyed " + Redaction.id(phone.id()));
        Cli again = sk("sessions", "destroy", phone.id());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("no live session");
        Cli gone = sk("sessions", "show", phone.id());
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err()).contains("no session " + Redaction.id(phone.id()));

        Cli all = sk("sessions", "destroy", "--user", "alice", "--all");
        assertThat(all.exitCode()).as(all.toString()).isZero();
        assertThat(all.out()).contains("destroyed 2 sessions of 'alice'.");
        assertThat(store.sessionsOf("alice")).isEmpty();

        Cli logout = sk("logout", "bob");
        assertThat(logout.exitCode()).as(logout.toString()).isZero();
        assertThat(logout.out()).contains("signed 'bob' out everywhere: 1 session ended.");
        assertThat(sk("sessions", "count").out().strip()).isEqualTo("1");
    }

    @Test
    void statsShowsShardsRecentEventsGroupsAndWorkers() throws Exception {
        for (int i = 0; i < 20; i++) {
            store.create();
        }
        try (var sub = store.events().subscribe("billing", e -> { });
                var worker = store.expiryWorker().heartbeatInterval(Duration.ofMillis(200)).start()) {
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (store.inspector().workers().isEmpty() && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            Cli stats = sk("stats");
            assertThat(stats.exitCode()).as(stats.toString()).isZero();
            assertThat(stats.out()).contains("sessionkeeper stats: namespace '" + ns + "', 16 shards",
                    "SHARD", "LIVE", "BACKLOG", "OLDEST OVERDUE", "EVENTS", "DEAD")
                    .containsPattern("all\\s+20\\s+0\\s+-\\s+20\\s+0")
                    .contains("Events in the last minute: created 20, expired 0, destroyed 0, rotated 0")
                    .contains("Consumer groups:", "billing")
                    .contains("Workers: 1 running", worker.id(), "running", "0-15");

            Cli watch = sk("stats", "--watch", "--interval", "100ms", "--count", "2");
            assertThat(watch.exitCode()).as(watch.toString()).isZero();
            assertThat(watch.out().split("sessionkeeper stats:", -1)).hasSize(3);
        }
    }

    @Test
    void eventsTailPrintsLinesOrJsonAndStopsAfterCount() throws Exception {
        CompletableFuture<Cli> tail = CompletableFuture.supplyAsync(() -> sk("events", "tail", "--type", "destroyed",
                "--count", "2"));
        Thread.sleep(1500); // the broadcast reads from where the streams end when it subscribes
        Session a = store.create();
        Session b = store.create();
        store.destroy(a.id(), dev.sessionkeeper.DestroyReason.LOGOUT);
        store.destroy(b.id(), dev.sessionkeeper.DestroyReason.ADMIN);
        Cli lines = tail.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(lines.exitCode()).as(lines.toString()).isZero();
        assertThat(lines.out().strip().split("\n")).hasSize(2);
        assertThat(lines.out()).contains("destroyed  " + Redaction.id(a.id()), "reason=logout", "reason=admin")
                .doesNotContain("created");
        assertThat(lines.err()).contains("tailing events of namespace '" + ns + "'", "2 events: stopped.");

        Cli json = sk("events", "tail", "--group", "audit", "--from", "start", "--json", "--count", "4");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        ObjectMapper mapper = new ObjectMapper();
        List<String> types = new ArrayList<>();
        for (String line : json.out().strip().split("\n")) {
            JsonNode node = mapper.readTree(line);
            types.add(node.get("type").asText());
            assertThat(node.get("session").asText()).endsWith("...");
        }
        assertThat(types).containsExactlyInAnyOrder("created", "created", "destroyed", "destroyed");
    }
}
