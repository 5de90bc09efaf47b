package dev.sessionkeeper.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line and the output formats; the benchmarks themselves are not tests (nothing asserts on speed). */
class BenchTest {

    @Test
    void helpNamesEveryOption() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Bench bench = new Bench(new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        int code = Bench.commandLine(bench).setOut(new java.io.PrintWriter(out, true, StandardCharsets.UTF_8)).execute("--help");

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("--redis=URL", "--quick", "--json=FILE", "--chart=FILE", "--only=NAME", "--systems=NAME",
                        "--drain-sessions=N", "--request-rate=N", "--network-delay=MS", "--network-threads=N", "jmh");
    }

    @Test
    void anUnknownBenchmarkIsRefusedBeforeAnythingStarts() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Bench bench = new Bench(System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        int code = Bench.commandLine(bench).execute("--only", "nope");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown benchmark 'nope'");
    }

    @Test
    void anUnknownSystemIsRefusedBeforeAnythingStarts() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Bench bench = new Bench(System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        int code = Bench.commandLine(bench).execute("--systems", "memcached");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown system 'memcached'");
    }

    @Test
    void theTableShowsEachSystemAndItsRatioToTheFirst(@TempDir Path dir) throws Exception {
        Results results = new Results();
        results.system("sessionkeeper");
        results.add("request", "requests per second", 30_000, "/s");
        results.system("spring-session");
        results.add("request", "requests per second", 5_000, "/s");
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        results.printTable(new PrintStream(table, true, StandardCharsets.UTF_8));
        Path json = dir.resolve("r.json");
        results.writeJson(json);

        assertThat(table.toString(StandardCharsets.UTF_8))
                .contains("sessionkeeper / spring-session", "30,000", "5,000", "6.00x");
        assertThat(Files.readString(json)).contains("\"system\": \"spring-session\"", "\"value\": 5000", "\"reference_ratio\": 6");
    }

    @Test
    void tableAndJsonCarryTheSameFigures(@TempDir Path dir) throws Exception {
        Results results = new Results();
        results.fact("redis", "Redis 6.2 \"x\"");
        results.atMost("expiry", "lateness p99", 12.5, "ms", 50);
        results.atLeast("drain", "expirations per second", 42_000, "/s", 50_000);
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        results.printTable(new PrintStream(table, true, StandardCharsets.UTF_8));
        Path json = dir.resolve("r.json");
        results.writeJson(json);

        assertThat(table.toString(StandardCharsets.UTF_8)).contains("12.50", "<= 50", "yes", "42,000", ">= 50,000", "NO");
        assertThat(Files.readString(json))
                .contains("\"redis\": \"Redis 6.2 \\\"x\\\"\"")
                .contains("\"value\": 12.500", "\"met\": true", "\"value\": 42000", "\"met\": false");
    }
}
