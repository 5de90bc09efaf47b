package dev.sessionkeeper.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkeeper.Session;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.testkit.RedisExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs {@code sessionkeeper worker} as a real child JVM against a real Redis, as it runs in production: it
 * expires the sessions the test creates, reports them in its status lines, and stops gracefully on SIGTERM
 * ({@link Process#destroy()} on Linux and macOS) with exit code 0.
 */
class WorkerProcessTest {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standalone();

    // A bound, not a speed check: two JVMs starting at once on a loaded 2-core machine took over 15 s.
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration SHORT_IDLE = Duration.ofMillis(500);
    private static final Pattern EXPIRED = Pattern.compile("status: backlog \\d+, expired (\\d+) ");

    @TempDir
    Path outputDir;

    private final List<Worker> workers = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        workers.forEach(w -> w.process.destroyForcibly());
    }

    @Test
    void expiresSessionsReportsThemAndStopsGracefullyOnSigterm() throws Exception {
        Worker worker = start("--namespace", "t", "--status-interval", "1s", "--max-sleep", "100ms");
        worker.await("running;", STARTUP);
        assertThat(worker.output())
                .contains("sessionkeeper worker ", "redis          " + REDIS.uri() + " (--redis)")
                .contains("Redis ", "standalone", "namespace      t", "store shards   16",
                        "drains shards  all 16 (0-15)", "batch size     100", "max sleep      100 ms");

        try (SessionStore store = SessionStore.builder().redis(REDIS.uri()).namespace("t").build()) {
            createShortLivedSessions(store, 200);

            worker.await(out -> expiredInLastStatus(out) == 200, Duration.ofSeconds(10));
            assertThat(store.count()).isZero();
        }
        assertThat(worker.output()).containsPattern(
                "status: backlog 0, expired 200 \\(\\+\\d+ in [\\d.]+ m?s, [\\d.]+/s\\), lateness p50 \\d+ ms "
                        + "p99 \\d+ ms max \\d+ ms, live sessions 0, failures 0");

        worker.process.destroy(); // SIGTERM
        assertThat(worker.process.waitFor(10, TimeUnit.SECONDS)).as(worker.output()).isTrue();
        assertThat(worker.process.exitValue()).as(worker.output()).isZero();
        assertThat(worker.output())
                .contains("SIGTERM: stopping after the batch in flight...")
                .containsPattern("stopped: expired 200 sessions in [\\d.]+ s.*failures 0");
    }

    @Test
    void takesItsRedisAndNamespaceFromAConfigFile() throws Exception {
        Path config = outputDir.resolve("sessionkeeper.properties");
        Files.writeString(config, "# as the applications have it\nredis=" + REDIS.uri() + "\nnamespace=from-file\n");
        Worker worker = launch("worker", "--config", config.toString(), "--status-interval", "500ms",
                "--max-sleep", "100ms");
        worker.await("running;", STARTUP);
        assertThat(worker.output())
                .contains("redis          " + REDIS.uri() + " (config file " + config + ")")
                .contains("namespace      from-file", "store shards   16");

        try (SessionStore store = SessionStore.builder().redis(REDIS.uri()).namespace("from-file").build()) {
            createShortLivedSessions(store, 20);
            worker.await(out -> expiredInLastStatus(out) == 20, Duration.ofSeconds(10));
            assertThat(store.count()).isZero();
        }
        worker.process.destroy();
        assertThat(worker.process.waitFor(10, TimeUnit.SECONDS)).as(worker.output()).isTrue();
        assertThat(worker.process.exitValue()).as(worker.output()).isZero();
    }

    @Test
    void twoWorkersSplittingTheShardsExpireEachSessionOnce() throws Exception {
        Worker low = start("--namespace", "split", "--only-shards", "0-7", "--status-interval", "500ms",
                "--max-sleep", "100ms");
        Worker high = start("--namespace", "split", "--only-shards", "8-15", "--status-interval", "500ms",
                "--max-sleep", "100ms");
        low.await("running;", STARTUP);
        high.await("running;", STARTUP);
        assertThat(low.output()).contains("drains shards  0-7 (8 of 16)");
        assertThat(high.output()).contains("drains shards  8-15 (8 of 16)");

        try (SessionStore store = SessionStore.builder().redis(REDIS.uri()).namespace("split").build()) {
            createShortLivedSessions(store, 200);
            Duration within = Duration.ofSeconds(10);
            long deadline = System.nanoTime() + within.toNanos();
            while (expiredInLastStatus(low.output()) + expiredInLastStatus(high.output()) < 200
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(store.count()).isZero();
        }
        assertThat(expiredInLastStatus(low.output())).isPositive();
        assertThat(expiredInLastStatus(high.output())).isPositive();
        assertThat(expiredInLastStatus(low.output()) + expiredInLastStatus(high.output()))
                .as(low.output() + "\n" + high.output()).isEqualTo(200);

        low.process.destroy();
        high.process.destroy();
        assertThat(low.process.waitFor(10, TimeUnit.SECONDS) && high.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(low.process.exitValue()).isZero();
        assertThat(high.process.exitValue()).isZero();
    }

    @Test
    void metricsAreScrapedDuringADrainAndTheExpirationsCounterMoves() throws Exception {
        Worker worker = start("--namespace", "m", "--status-interval", "0", "--max-sleep", "100ms", "--batch-size", "20",
                "--metrics-port", "0");
        worker.await("running;", STARTUP);
        Matcher port = Pattern.compile("metrics\\s+http://localhost:(\\d+)/metrics").matcher(worker.output());
        assertThat(port.find()).as(worker.output()).isTrue();
        URI metrics = URI.create("http://127.0.0.1:" + port.group(1) + "/metrics");
        HttpClient http = HttpClient.newHttpClient();

        try (SessionStore store = SessionStore.builder().redis(REDIS.uri()).namespace("m").build()) {
            createShortLivedSessions(store, 400);
            double first = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (first == 0 && System.nanoTime() < deadline) {
                first = expirations(http, metrics);
                Thread.sleep(20);
            }
            double second = first;
            while (second < 400 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                second = expirations(http, metrics);
            }
            assertThat(first).as("first scrape, during the drain").isPositive();
            assertThat(second).as("second scrape").isGreaterThan(first).isEqualTo(400);
            String text = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(text).contains("# TYPE sessionkeeper_expirations_total counter", "sessionkeeper_expiry_lateness_milliseconds_count 400")
                    .containsPattern("sessionkeeper_script_seconds_count\\{outcome=\"ok\",script=\"expire\"\\} \\d+")
                    .contains("sessionkeeper_expiry_backlog 0");
        }
        worker.process.destroy();
        assertThat(worker.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.process.exitValue()).isZero();
    }

    /** The value of sessionkeeper_expirations_total in one scrape, parsed from the Prometheus text format. */
    private static double expirations(HttpClient http, URI metrics) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        for (String line : response.body().split("\n")) {
            if (line.startsWith("sessionkeeper_expirations_total ")) {
                return Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
            }
        }
        throw new AssertionError("no sessionkeeper_expirations_total in:\n" + response.body());
    }

    @Test
    void aShardCountOtherThanTheNamespaceUsesIsAUsageError() {
        try (SessionStore apps = SessionStore.builder().redis(REDIS.uri()).namespace("counted").shards(16).build()) {
            apps.create();
        }
        // In-process: the worker fails before it would wait for a signal.
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(Map.of());
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute("worker", "--redis", REDIS.uri(), "--namespace", "counted", "--shards", "32");

        assertThat(exitCode).as(err.toString()).isEqualTo(2);
        assertThat(err.toString()).contains("namespace 'counted' is in use with 16 shards", "(--shards)");
    }

    private static void createShortLivedSessions(SessionStore store, int n) {
        for (int i = 0; i < n; i++) {
            Session s = store.newSession();
            s.setIdleTimeout(SHORT_IDLE);
            s.set("n", i);
            store.save(s);
        }
    }

    /** The expired count of the last status line, 0 before the first. */
    private static long expiredInLastStatus(String output) {
        Matcher m = EXPIRED.matcher(output);
        long last = 0;
        while (m.find()) {
            last = Long.parseLong(m.group(1).replace(",", ""));
        }
        return last;
    }

    /** A worker on the test's Redis, given with --redis. */
    private Worker start(String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("worker", "--redis", REDIS.uri()));
        args.addAll(List.of(options));
        return launch(args.toArray(String[]::new));
    }

    /** ./sessionkeeper with these arguments, in a child JVM without the SESSIONKEEPER_ variables of the build. */
    private Worker launch(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        // To a file, not a pipe: Process.destroy() closes the pipe, and the test wants what the worker prints
        // after it got SIGTERM.
        Path output = Files.createTempFile(outputDir, "worker-", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("SESSIONKEEPER_") && !name.contains("REDIS_SERVER"));
        Worker worker = new Worker(builder.start(), output);
        workers.add(worker);
        return worker;
    }

    /** A child worker JVM and the file with everything it printed (stdout and stderr). */
    private record Worker(Process process, Path file) {

        String output() {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void await(String text, Duration within) throws InterruptedException {
            await(o -> o.contains(text), within);
        }

        void await(Predicate<String> condition, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (!condition.test(output())) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new AssertionError("the worker did not get there within " + within
                            + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")")
                            + "; its output:\n" + output());
                }
                Thread.sleep(50);
            }
        }
    }
}
