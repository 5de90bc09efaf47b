package dev.sessionkeeper.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkeeper.testkit.RedisCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Runs the sessionkeeper command in-process, as {@code ./sessionkeeper ...} would, with its output captured. */
class MainTest {

    /** A whole session id: 3 shard digits and 24 base64url characters. The demo must never print one. */
    private static final Pattern WHOLE_SESSION_ID = Pattern.compile("(?<![A-Za-z0-9_-])\\d{3}[A-Za-z0-9_-]{24}(?![A-Za-z0-9_-])");

    @Test
    void demoRunsTheTourOnAnEmbeddedRedis() {
        Run run = run(Map.of(), "demo");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out)
                .contains("starting an embedded Redis", "Embedded Redis 6.", "binary: ", "standalone")
                .contains("save() -> SAVED", "expiresAt before:", "expiresAt after:")
                .contains("-> UNCHANGED", "Both changes kept", "left", "find() -> nothing (Optional.empty)")
                .contains("save() -> GONE", "count() -> 1 live session(s) in namespace 'sk-demo'", "count() -> 0.")
                .contains("stats(): malformedIds 0 -> 3", "Stopped the embedded Redis.", "Summary", "README.md");
        assertThat(WHOLE_SESSION_ID.matcher(run.out).find()).as("a whole session id was printed:\n" + run.out).isFalse();
        assertThat(run.err).isEmpty();
    }

    @Test
    void demoTakesTheRedisUrlFromTheEnvironmentAndDetectsAClusterBehindARedisUrlToOneNode() {
        try (RedisCluster cluster = RedisCluster.builder().build().start()) {
            String node = cluster.nodeUris().get(0);
            Run run = run(Map.of(DemoCommand.REDIS_ENV, node), "demo", "--namespace", "tour");

            assertThat(run.exitCode).as(run.toString()).isZero();
            assertThat(run.out)
                    .contains("Using the Redis named by SESSIONKEEPER_REDIS", "cluster, at " + node)
                    .contains("namespace 'tour'", "save() -> GONE", "count() -> 0.")
                    .doesNotContain("embedded");
        }
    }

    @Test
    void helpAndVersion() {
        Run top = run(Map.of(), "--help");
        assertThat(top.exitCode).isZero();
        assertThat(top.out).contains("Usage: sessionkeeper", "demo", "--version");

        Run demo = run(Map.of(), "demo", "--help");
        assertThat(demo.exitCode).isZero();
        assertThat(demo.out).contains("Usage: sessionkeeper demo", "--redis=URL", "--namespace=NAME", "sk-demo",
                "Examples:", "redis-cluster://");

        Run version = run(Map.of(), "--version");
        assertThat(version.exitCode).isZero();
        assertThat(version.out).startsWith("sessionkeeper ").doesNotContain("${");
    }

    @Test
    void badArgumentsExitWithCode2() {
        assertThat(run(Map.of(), "demo", "--no-such-option").exitCode).isEqualTo(2);
        assertThat(run(Map.of(), "no-such-command").exitCode).isEqualTo(2);
        assertThat(run(Map.of()).exitCode).isEqualTo(2);

        Run badUrl = run(Map.of(), "demo", "--redis", "http://localhost:6379");
        assertThat(badUrl.exitCode).isEqualTo(2);
        assertThat(badUrl.err).contains("unsupported Redis URL scheme");
    }

    @Test
    void unreachableRedisIsOneClearLineAndExitCode1() {
        // Port 1 is privileged and never a Redis: the connection is refused at once.
        Run run = run(Map.of(), "demo", "--redis", "redis://127.0.0.1:1");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err.strip()).doesNotContain("\n").startsWith("sessionkeeper: ").contains("--redis");
    }

    private static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(env);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out:\n" + out + "\n--- err:\n" + err;
        }
    }
}
