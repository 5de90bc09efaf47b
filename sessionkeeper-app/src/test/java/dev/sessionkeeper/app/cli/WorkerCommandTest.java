package dev.sessionkeeper.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeeper.app.Cli;
import dev.sessionkeeper.app.ops.WorkerReport;
import dev.sessionkeeper.app.support.Durations;
import dev.sessionkeeper.expiry.WorkerStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sessionkeeper worker} in-process: help, usage errors, startup failures, and its option parsers. */
class WorkerCommandTest {

    @TempDir
    Path dir;

    @Test
    void helpShowsTheOptionsAndHowToDeploy() {
        Cli help = Cli.run(Map.of(), "worker", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: sessionkeeper worker", "--redis=URL", "--embedded", "--namespace=NAME",
                "--shards=N", "--only-shards=LIST", "--batch-size=N", "--max-sleep=DURATION",
                "--status-interval=DURATION", "--config=FILE", "--redis-ca=FILE", "SESSIONKEEPER_REDIS",
                "SESSIONKEEPER_NAMESPACE", "SESSIONKEEPER_CONFIG", "else sk.",
                "Examples:", "one worker per host", "--only-shards 0-7", "never expire the same session twice");

        Cli top = Cli.run(Map.of(), "--help");
        assertThat(top.out()).contains("worker");
    }

    @Test
    void aDaemonNeedsARedisUrlAndNeverStartsAnEmbeddedOneByItself() throws Exception {
        Cli run = Cli.run(Map.of(), "worker");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Missing --redis URL (or SESSIONKEEPER_REDIS, or redis=URL in a --config file)")
                .contains("--embedded");
        assertThat(run.out()).doesNotContain("embedded Redis");

        Path noRedis = dir.resolve("no-redis.properties");
        Files.writeString(noRedis, "namespace=myapp\n");
        Cli fileWithoutRedis = Cli.run(Map.of(), "worker", "--config", noRedis.toString());
        assertThat(fileWithoutRedis.exitCode()).as(fileWithoutRedis.toString()).isEqualTo(2);
        assertThat(fileWithoutRedis.err()).startsWith("Missing --redis URL").contains("--embedded");

        Cli both = Cli.run(Map.of(), "worker", "--embedded", "--redis", "redis://localhost:6379");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).startsWith("--redis and --embedded exclude each other");
    }

    @Test
    void badOptionsAreUsageErrorsThatSayWhatIsWrong() {
        String redis = "redis://127.0.0.1:1";
        assertUsageError(Cli.run(Map.of(), "worker", "--redis", redis, "--only-shards", "0,x"),
                "Invalid value for option '--only-shards': 'x' is not a shard number or range");
        assertUsageError(Cli.run(Map.of(), "worker", "--redis", redis, "--only-shards", "7-3"),
                "range '7-3' runs backwards");
        assertUsageError(Cli.run(Map.of(), "worker", "--redis", redis, "--only-shards", "0-16"),
                "--only-shards 0-16 names shard 16, but the store has 16 shards (0..15)");
        assertUsageError(Cli.run(Map.of(), "worker", "--redis", redis, "--shards", "0"), "--shards must be 1..1000");
        assertUsageError(Cli.run(Map.of(), "worker", "--redis", redis, "--batch-size", "0"), "--batch-size must be 1..5000");
        assertUsageError(Cli.run(Map.of(), "worker", "--redis", redis, "--max-sleep", "1"),
                "'1' is not a duration (expected e.g. 250ms, 1s");
        assertUsageError(Cli.run(Map.of(), "worker", "--redis", redis, "--max-sleep", "0"), "--max-sleep must be at least 1ms");
        assertUsageError(Cli.run(Map.of(), "worker", "--redis", "http://localhost:6379"), "unsupported Redis URL scheme");
        assertUsageError(Cli.run(Map.of(), "worker", "--redis", redis, "--namespace", "a b"), "Invalid option: namespace must be");
        assertUsageError(Cli.run(Map.of(), "worker", "--redis", redis, "--redis-ca", dir.resolve("missing.pem").toString()),
                "Cannot read the CA file");
        assertUsageError(Cli.run(Map.of(), "worker", "--config", dir.resolve("missing.properties").toString()),
                "Cannot read the config file");
    }

    @Test
    void unreachableRedisAtStartupIsOneClearLineAndExitCode1() {
        Cli run = Cli.run(Map.of(DemoCommand.REDIS_ENV, "redis://app:secret@127.0.0.1:1"), "worker");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err().strip()).doesNotContain("\n").startsWith("sessionkeeper: cannot connect to Redis at")
                .contains("Check that Redis is running", "--redis URL", "SESSIONKEEPER_REDIS")
                .doesNotContain("secret");
    }

    @Test
    void shardListsParseAndPrintAsRanges() {
        assertThat(ShardSet.parse("0,3,5-7").toArray()).containsExactly(0, 3, 5, 6, 7);
        assertThat(ShardSet.parse(" 7 , 5-6,0,3,3 ").toString()).isEqualTo("0,3,5-7");
        assertThat(ShardSet.parse("4").toString()).isEqualTo("4");
        assertThat(ShardSet.all(16).toString()).isEqualTo("0-15");
        for (String bad : new String[] {"", "a", "1,", "-1", "1-", "1--2", "3-1", "1.5", "99999"}) {
            assertThatThrownBy(() -> ShardSet.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void durationsParseAndPrint() {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("1s")).isEqualTo(Duration.ofSeconds(1));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("2min")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("0")).isZero();
        for (String bad : new String[] {"", "1", "s", "-1s", "1d", "1 sec", "999999h"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250 ms");
        assertThat(Durations.format(Duration.ofSeconds(10))).isEqualTo("10 s");
        assertThat(Durations.uptime(Duration.ofSeconds(192))).isEqualTo("3 min 12 s");
    }

    @Test
    void statusLinesComputeTheRateFromTheDifferenceToTheLastOne() {
        long t0 = 1_000_000_000L;
        WorkerReport report = new WorkerReport(t0);
        WorkerStats first = new WorkerStats(1_114, 10, 3, 2, 11, 40, 0);
        WorkerStats second = new WorkerStats(1_234, 12, 0, 3, 11, 40, 1);

        assertThat(report.status(first, OptionalLong.of(5_321), t0 + 10_000_000_000L)).isEqualTo(
                "status: backlog 3, expired 1,114 (+1,114 in 10 s, 111.4/s), lateness p50 2 ms p99 11 ms max 40 ms, "
                        + "live sessions 5,321, failures 0");
        assertThat(report.status(second, OptionalLong.empty(), t0 + 20_000_000_000L)).isEqualTo(
                "status: backlog 0, expired 1,234 (+120 in 10 s, 12.0/s), lateness p50 3 ms p99 11 ms max 40 ms, "
                        + "live sessions ? (Redis did not answer), failures 1");
        assertThat(report.summary(second, t0 + 192_000_000_000L)).isEqualTo(
                "stopped: expired 1,234 sessions in 3 min 12 s (12 batches), lateness p50 3 ms p99 11 ms max 40 ms, "
                        + "failures 1");
        assertThat(new WorkerReport(t0).status(new WorkerStats(0, 0, 0, 0, 0, 0, 0), OptionalLong.of(0), t0 + 1_000_000_000L))
                .contains("expired 0 (+0 in 1 s, 0.0/s), lateness -,");
    }

    private static void assertUsageError(Cli run, String message) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).as(run.toString()).contains(message).contains("Usage: sessionkeeper worker");
    }
}
