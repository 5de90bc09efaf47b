package dev.sessionkeeper.bench;

import dev.sessionkeeper.testkit.RedisBinary;
import dev.sessionkeeper.testkit.RedisServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark command: expiry lateness, backlog drain and idle worker cost against one
 * Redis, progress on stderr while it runs, one results table on stdout at the end.
 */
@Command(name = "sessionkeeper-bench", mixinStandardHelpOptions = true, sortOptions = false,
        version = "sessionkeeper-bench 0.1.0-SNAPSHOT",
        description = {
            "Benchmarks sessionkeeper on the workload of DESIGN.md: expiry lateness, backlog drain with",
            "ordinary requests running, and the Redis cost of an idle expiry worker.",
            "Without --redis it starts a fresh redis-server of its own (the test kit's) and stops it at the end.",
            "Every run uses fresh key namespaces (skbench-*) and deletes their keys when done.",
            "Progress goes to stderr; the results table to stdout."},
        footer = {"", "Full run: a few minutes on 2 cores. --quick: under a minute."})
public final class Bench implements Callable<Integer> {

    @Option(names = "--redis", paramLabel = "URL",
            description = "A standalone Redis to use, e.g. redis://127.0.0.1:6379 (default: start one). "
                    + "Use an otherwise idle Redis: the idle-cost figures count every command it runs.")
    String redis;

    @Option(names = "--quick", description = "Smaller sizes (1,000 expiring sessions over 2-5 s, a 100,000-session drain, "
            + "5 s idle window): under a minute.")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures to this file as JSON.")
    Path json;

    @Option(names = "--only", paramLabel = "NAME", split = ",",
            description = "Run only these benchmarks: expiry, drain, idle (default: all).")
    List<String> only;

    @Option(names = "--drain-sessions", paramLabel = "N",
            description = "Sessions in the main drain (default 1,000,000; --quick 100,000). The extra batch sizes "
                    + "(50 and 200, full run only) drain min(N, 200,000).")
    Integer drainSessions;

    @Option(names = "--request-rate", paramLabel = "N", defaultValue = "1000",
            description = "Requests per second of the ordinary load during the drain benchmark (8 threads; default ${DEFAULT-VALUE}).")
    int requestRate;

    private final PrintStream out;
    private final PrintStream err;

    public Bench() {
        this(System.out, System.err);
    }

    Bench(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new Bench()).execute(args));
    }

    static CommandLine commandLine(Bench bench) {
        return new CommandLine(bench).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public Integer call() throws Exception {
        List<Workload> workloads = new ArrayList<>(List.of(
                new IdleCostWorkload(),
                new ExpiryLatenessWorkload(),
                new DrainWorkload(drainSessions != null ? drainSessions : quick ? 100_000 : 1_000_000, requestRate)));
        if (only != null) {
            for (String name : only) {
                if (workloads.stream().noneMatch(w -> w.name().equals(name))) {
                    err.println("unknown benchmark '" + name + "': choose from expiry, drain, idle");
                    return 2;
                }
            }
            workloads.removeIf(w -> !only.contains(w.name()));
        }
        BenchSystem.Factory system = SessionkeeperSystem.FACTORY;
        Results results = new Results();
        RedisServer embedded = null;
        String url = redis;
        try {
            if (url == null) {
                err.println("Starting a redis-server of our own (" + RedisBinary.locate() + ")");
                // A slow log that keeps every command over 1 ms: the drain reports what held Redis longest.
                embedded = RedisServer.builder()
                        .config("slowlog-log-slower-than", "1000")
                        .config("slowlog-max-len", "10000")
                        .build().start();
                url = embedded.uri();
            }
            try (RedisProbe probe = new RedisProbe(url)) {
                Map<String, String> server = probe.info("server");
                String version = server.containsKey("valkey_version") ? "Valkey " + server.get("valkey_version")
                        : "Redis " + server.getOrDefault("redis_version", "unknown");
                results.fact("system", system.name());
                results.fact("mode", quick ? "quick" : "full");
                results.fact("date", Instant.now().toString());
                results.fact("redis", version + (embedded != null ? " (started by the benchmark)" : " (given by --redis)"));
                results.fact("machine", Machine.cores() + " cores, " + Machine.memory() + ", " + Machine.cpuModel());
                results.fact("os", Machine.os());
                results.fact("java", Machine.java());
                err.printf(Locale.ROOT, "%s on %s; %s; %s%n", system.name(), version,
                        Machine.cores() + " cores, " + Machine.memory() + ", " + Machine.cpuModel(), Machine.java());

                BenchContext ctx = new BenchContext(url, probe, quick, err);
                for (Workload w : workloads) {
                    w.run(ctx, system, results);
                }
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
        out.println();
        for (Map.Entry<String, String> fact : results.facts().entrySet()) {
            out.println(fact.getKey() + ": " + fact.getValue());
        }
        out.println();
        results.printTable(out);
        if (json != null) {
            results.writeJson(json);
            out.println();
            out.println("Wrote " + json);
        }
        return 0;
    }
}
