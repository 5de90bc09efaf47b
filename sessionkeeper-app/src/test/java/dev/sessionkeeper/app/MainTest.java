package dev.sessionkeeper.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkeeper.app.cli.ConnectionOptions;
import dev.sessionkeeper.app.cli.DemoCommand;
import dev.sessionkeeper.testkit.RedisCluster;
import dev.sessionkeeper.testkit.RedisServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the sessionkeeper command in-process, as {@code ./sessionkeeper ...} would, with its output captured. */
class MainTest {

    /** A whole session id: 3 shard digits and 24 base64url characters. The tour must never print one. */
    private static final Pattern WHOLE_SESSION_ID = Pattern.compile("(?<![A-Za-z0-9_-])\\d{3}[A-Za-z0-9_-]{24}(?![A-Za-z0-9_-])");

    @TempDir
    Path dir;

    @Test
    void tourRunsOnAnEmbeddedRedis() {
        Cli run = Cli.run(Map.of(), "tour");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("starting an embedded Redis", "binary: ", "standalone")
                .containsPattern("Embedded Redis (6\\.[2-9]|[7-9]\\.|\\d{2,}\\.)")
                .contains("save() -> SAVED", "expiresAt before:", "expiresAt after:")
                .contains("-> UNCHANGED", "Both changes kept", "left", "find() -> nothing (Optional.empty)")
                .contains("save() -> GONE", "count() -> 1 live session(s) in namespace 'sk-demo'", "count() -> 0.")
                .contains("stats(): malformedIds 0 -> 3", "Stopped the embedded Redis.", "Summary", "README.md");
        assertThat(WHOLE_SESSION_ID.matcher(run.out()).find()).as("a whole session id was printed:\n" + run.out()).isFalse();
        assertThat(run.err()).isEmpty();
    }

    @Test
    void tourTakesTheRedisUrlFromTheEnvironmentAndDetectsAClusterBehindARedisUrlToOneNode() {
        try (RedisCluster cluster = RedisCluster.builder().build().start()) {
            String node = cluster.nodeUris().get(0);
            Cli run = Cli.run(Map.of(DemoCommand.REDIS_ENV, node), "tour", "--namespace", "tour");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out())
                    .contains("Using the Redis from $SESSIONKEEPER_REDIS.", "cluster, at " + node)
                    .contains("namespace 'tour'", "save() -> GONE", "count() -> 0.")
                    .doesNotContain("embedded");
        }
    }

    @Test
    void tourTakesTheRedisUrlAndNamespaceFromAConfigFile() throws Exception {
        try (RedisServer redis = RedisServer.builder().build().start()) {
            Path config = dir.resolve("sk.properties");
            Files.writeString(config, "redis=" + redis.uri() + "\nnamespace=from-file\n");
            Cli run = Cli.run(Map.of(), "tour", "--config", config.toString());

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out())
                    .contains("Using the Redis from config file " + config + ".", "standalone, at " + redis.uri())
                    .contains("keys under namespace 'from-file'", "save() -> GONE", "count() -> 0.")
                    .doesNotContain("embedded");
        }
    }

    @Test
    void helpAndVersion() {
        Cli top = Cli.run(Map.of(), "--help");
        assertThat(top.exitCode()).isZero();
        assertThat(top.out()).contains("Usage: sessionkeeper", "demo", "tour", "worker", "--version",
                "the web demo on an embedded Redis");

        Cli demo = Cli.run(Map.of(), "demo", "--help");
        assertThat(demo.exitCode()).isZero();
        assertThat(demo.out()).contains("Usage: sessionkeeper demo", "--redis=URL", "--namespace=NAME", "sk-demo",
                "--redis-ca=FILE", "--config=FILE", "SESSIONKEEPER_REDIS", "SESSIONKEEPER_NAMESPACE",
                "--port=PORT", "8080", "--host=HOST", "--simulate=N", "/dashboard", "Ctrl-C", "Examples:",
                "redis-cluster://", "--simulate 50");

        Cli tour = Cli.run(Map.of(), "tour", "--help");
        assertThat(tour.exitCode()).isZero();
        assertThat(tour.out()).contains("Usage: sessionkeeper tour", "--redis=URL", "--namespace=NAME", "sk-demo",
                "--redis-ca=FILE", "--config=FILE", "narrated tour");

        Cli version = Cli.run(Map.of(), "--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("sessionkeeper ").doesNotContain("${");
    }

    @Test
    void badArgumentsExitWithCode2() {
        assertThat(Cli.run(Map.of(), "demo", "--no-such-option").exitCode()).isEqualTo(2);
        assertThat(Cli.run(Map.of(), "no-such-command").exitCode()).isEqualTo(2);
        assertThat(Cli.run(Map.of()).exitCode()).isEqualTo(2);

        Cli badUrl = Cli.run(Map.of(), "demo", "--redis", "http://localhost:6379");
        assertThat(badUrl.exitCode()).isEqualTo(2);
        assertThat(badUrl.err()).contains("unsupported Redis URL scheme");
        assertThat(Cli.run(Map.of(), "tour", "--redis", "http://localhost:6379").exitCode()).isEqualTo(2);

        assertThat(Cli.run(Map.of(), "demo", "--port", "70000").err()).contains("--port must be 0..65535");
        assertThat(Cli.run(Map.of(), "demo", "--simulate", "-1").err()).contains("--simulate must be 0..10000");
    }

    @Test
    void aMissingCaFileIsAUsageErrorBeforeAnyRedisIsStarted() {
        Path missing = dir.resolve("missing-ca.pem");
        for (String[] args : new String[][] {
            {"demo", "--redis-ca", missing.toString()},
            {"demo", "--redis", "rediss://localhost:6380", "--redis-ca", missing.toString()},
            {"tour", "--redis-ca", missing.toString()}}) {
            Cli run = Cli.run(Map.of(), args);

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(run.err()).as(run.toString()).startsWith("Cannot read the CA file " + missing + " (--redis-ca).")
                    .contains("Usage: sessionkeeper " + args[0]);
            assertThat(run.out()).as(run.toString()).doesNotContain("embedded Redis");
        }
        Cli fromEnv = Cli.run(Map.of(ConnectionOptions.CA_ENV, missing.toString()), "demo");
        assertThat(fromEnv.exitCode()).as(fromEnv.toString()).isEqualTo(2);
        assertThat(fromEnv.err()).startsWith("Cannot read the CA file " + missing);
    }

    @Test
    void aTakenPortIsOneClearLineAndExitCode1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Cli run = Cli.run(Map.of(), "demo", "--host", "127.0.0.1", "--port", Integer.toString(taken.getLocalPort()));

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.err().strip()).doesNotContain("\n")
                    .isEqualTo("sessionkeeper: port " + taken.getLocalPort() + " is already in use. Stop the program "
                            + "that uses it, or pick another port with --port (--port 0 picks a free one).");
        }
    }

    @Test
    void unreachableRedisIsOneClearLineAndExitCode1() {
        // Port 1 is privileged and never a Redis: the connection is refused at once.
        Cli run = Cli.run(Map.of(), "demo", "--redis", "redis://127.0.0.1:1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).doesNotContain("\n").startsWith("sessionkeeper: ").contains("--redis");
    }
}
