package dev.sessionkeeper;

import dev.sessionkeeper.events.SessionEvent;
import dev.sessionkeeper.events.Subscription;
import dev.sessionkeeper.expiry.ExpiryWorker;
import dev.sessionkeeper.inspect.ServerFacts;
import dev.sessionkeeper.inspect.SessionInspector;
import dev.sessionkeeper.inspect.WorkerHeartbeat;
import dev.sessionkeeper.testkit.RedisExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The store with the least privileges: an ACL user with exactly the rules docs/security.md
 * publishes, so the documented rule is tested, not just written.
 */
class AclTest {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standalone();

    static List<String> documentedRule() throws Exception {
        Path doc = Path.of("..", "docs", "security.md");
        List<String> lines = Files.readAllLines(doc);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("<!-- acl-rule")) {
                String rule = lines.get(i + 2).trim();
                assertThat(rule).startsWith("ACL SETUSER sessionkeeper ");
                return new ArrayList<>(List.of(rule.split("\\s+")));
            }
        }
        throw new AssertionError("docs/security.md has no acl-rule block");
    }

    /** As docs/security.md says: Redis 7.0 and 7.1 refuse a rule naming {@code CLIENT SETINFO}, added in 7.2. */
    private static boolean withoutClientSetinfo(String serverInfo) {
        String version = serverInfo.lines().filter(l -> l.startsWith("redis_version:")).findFirst()
                .orElseThrow().substring("redis_version:".length()).trim();
        return version.startsWith("7.0.") || version.startsWith("7.1.");
    }

    @Test
    void everythingWorksWithTheDocumentedAcl() throws Exception {
        List<String> rule = documentedRule();
        rule.replaceAll(part -> part.equals(">CHANGE-ME") ? ">s3cret" : part);
        RedisClient admin = RedisClient.create(REDIS.uri());
        try (StatefulRedisConnection<String, String> c = admin.connect()) {
            String server = c.sync().info("server");
            if (withoutClientSetinfo(server)) {
                rule.remove("+client|setinfo");
            }
            if (server.contains("redis_version:6.")) {
                rule.remove("+fcall");
                rule.remove("+function|load");
            }
            c.sync().aclSetuser("sessionkeeper", io.lettuce.core.AclSetuserArgs.Builder.reset());
            c.sync().dispatch(io.lettuce.core.protocol.CommandType.ACL,
                    new io.lettuce.core.output.StatusOutput<>(io.lettuce.core.codec.StringCodec.UTF8),
                    new io.lettuce.core.protocol.CommandArgs<>(io.lettuce.core.codec.StringCodec.UTF8)
                            .addValues(rule.subList(1, rule.size())));
        } finally {
            admin.shutdown();
        }
        String uri = REDIS.uri().replace("redis://", "redis://sessionkeeper:s3cret@");
        try (SessionStore store = SessionStore.builder().redis(uri).namespace("sk")
                .idleTimeout(Duration.ofSeconds(2)).snapshotAllAttributes().build()) {
            List<SessionEvent> events = new CopyOnWriteArrayList<>();
            try (Subscription group = store.events().subscribe("acl", events::add);
                 Subscription broadcast = store.events().broadcast(e -> { });
                 ExpiryWorker worker = store.expiryWorker().maxSleep(Duration.ofMillis(50)).start()) {
                Session s = store.newSession();
                s.set("a", 1);
                store.save(s);
                Session loaded = store.find(s.id()).orElseThrow();
                loaded.set("b", 2);
                assertThat(store.save(loaded)).isEqualTo(SaveResult.SAVED);
                Session signedIn = store.login(loaded, "alice");
                assertThat(store.sessionsOf("alice")).hasSize(1);
                String locked = store.withLock(signedIn.id(), Duration.ofSeconds(1), Duration.ofSeconds(1), x -> "locked");
                assertThat(locked).isEqualTo("locked");
                assertThat(store.count()).isEqualTo(1);
                assertThat(store.exists(signedIn.id())).isTrue();
                store.create();
                assertThat(store.logoutEverywhere("alice")).isEqualTo(1);
                ExpiryContract.await("an expiry through the worker", Duration.ofSeconds(10),
                        () -> events.stream().anyMatch(e -> e.type() == SessionEvent.Type.EXPIRED));
                assertThat(worker.stats().failures()).isZero();
                // The operator's views work with the same rule; what they may not read is reported, not thrown.
                SessionInspector inspector = store.inspector();
                assertThat(inspector.shards()).hasSize(16);
                assertThat(inspector.workers()).extracting(WorkerHeartbeat::id).contains(worker.id());
                Session shown = store.create();
                assertThat(inspector.describe(shown.id())).isPresent();
                ServerFacts facts = inspector.servers().get(0);
                assertThat(facts.user()).isEqualTo("sessionkeeper");
                assertThat(facts.config()).isNull();
                assertThat(facts.configError()).contains("NOPERM");
                assertThat(facts.openWithoutPassword()).isNull();
                assertThat(facts.scriptLoadError()).isNull();
                assertThat(facts.info()).containsKey("redis_version");
            }
        }
        // And nothing outside the namespace.
        RedisClient limited = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> c = limited.connect()) {
            assertThatThrownBy(() -> c.sync().get("other:key")).hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> c.sync().flushall()).hasMessageContaining("NOPERM");
        } finally {
            limited.shutdown();
        }
    }
}
