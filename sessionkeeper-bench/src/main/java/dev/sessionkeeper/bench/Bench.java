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
 * The benchmark command: the project's benchmark workload (docs/benchmarks.md) against one Redis, sessionkeeper side by
 * side with Spring Session and (for expiry) plain keys with keyspace notifications, each system
 * in turn; progress on stderr while it runs, one results table on stdout at the end. The
 * subcommand {@code jmh} runs the JMH benchmarks of the in-JVM costs instead.
 */
@Command(name = "sessionkeeper-bench", mixinStandardHelpOptions = true, sortOptions = false,
        version = "sessionkeeper-bench 0.1.0-SNAPSHOT",
        description = {
            "Benchmarks sessionkeeper on its benchmark workload (docs/benchmarks.md),"
                    + " side by side with Spring Session Data Redis",
            "(web: create, memory, request, lookup; expiry) and plain TTL keys with keyspace notifications (expiry),",
            "then sessionkeeper's backlog drain and the Redis cost of an idle expiry worker.",
            "'sessionkeeper-bench jmh [JMH options]' runs the JMH benchmarks of the in-JVM costs instead.",
            "Without --redis it starts a fresh redis-server of its own (the test kit's) and stops it at the end.",
            "Every run uses fresh key namespaces (skbench-*) and deletes their keys when done.",
            "Progress goes to stderr; the results table to stdout."},
        footer = {"", "Full run: a few minutes on 2 cores. --quick: under a minute."})
public final class Bench implements Callable<Integer> {

    @Option(names = "--redis", paramLabel = "URL",
            description = "A standalone Redis to use, e.g. redis://127.0.0.1:6379 (default: start one). "
                    + "Use an otherwise idle Redis: the idle-cost figures count every command it runs.")
    String redis;

    @Option(names = "--quick", description = "Smaller sizes (2,000 sessions and 10,000 requests, 1,000 expiring sessions "
            + "over 2-5 s with a 5 s wait bound, a 100,000-session drain, 3 s idle windows): about a minute.")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures to this file as JSON.")
    Path json;

    @Option(names = "--chart", paramLabel = "FILE",
            description = "Also draw the expiry lateness of every system to this SVG file.")
    Path chart;

    @Option(names = "--only", paramLabel = "NAME", split = ",",
            description = "Run only these benchmarks: idle, principal, web, expiry, drain, scripts, network, spring (default: all).")
    List<String> only;

    @Option(names = "--systems", paramLabel = "NAME", split = ",",
            description = "Run only these systems: sessionkeeper, spring-session, keyspace-ttl, bare (default: all; "
                    + "sessionkeeper is always run, as the reference of the ratios).")
    List<String> systemNames;

    @Option(names = "--drain-sessions", paramLabel = "N",
            description = "Sessions in the main drain (default 1,000,000; --quick 100,000). The extra batch sizes "
                    + "(50 and 200, full run only) drain min(N, 200,000).")
    Integer drainSessions;

    @Option(names = "--request-rate", paramLabel = "N", defaultValue = "1000",
            description = "Requests per second of the ordinary load during the drain benchmark (8 threads; default ${DEFAULT-VALUE}).")
    int requestRate;

    @Option(names = "--network-delay", paramLabel = "MS", defaultValue = "0.25",
            description = "The network benchmark's delay each way, in ms, added by a loopback proxy (default ${DEFAULT-VALUE}).")
    double networkDelayMs;

    @Option(names = "--network-threads", paramLabel = "N", defaultValue = "16",
            description = "Client threads of the network benchmark (default ${DEFAULT-VALUE}).")
    int networkThreads;

    private final PrintStream out;
    private final PrintStream err;

    public Bench() {
        this(System.out, System.err);
    }

    Bench(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("jmh")) {
            // JMH's own command line: the benchmarks are found through META-INF/BenchmarkList.
            org.openjdk.jmh.Main.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        System.exit(commandLine(new Bench()).execute(args));
    }

    static CommandLine commandLine(Bench bench) {
        return new CommandLine(bench).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public Integer call() throws Exception {
        List<Workload> workloads = new ArrayList<>(List.of(
                new IdleCostWorkload(),
                new PrincipalScaleWorkload(),
                new WebWorkload(),
                new ExpiryLatenessWorkload(),
                new DrainWorkload(drainSessions != null ? drainSessions : quick ? 100_000 : 1_000_000, requestRate),
                new ScriptsWorkload(),
                new NetworkWorkload(Math.round(networkDelayMs * 1000), networkThreads),
                new SpringFilterWorkload()));
        if (only != null) {
            for (String name : only) {
                if (workloads.stream().noneMatch(w -> w.name().equals(name))) {
                    err.println("unknown benchmark '" + name + "': choose from idle, principal, web, expiry, drain, scripts, network, spring");
                    return 2;
                }
            }
            workloads.removeIf(w -> !only.contains(w.name()));
        }
        List<BenchSystem.Factory> systems = new ArrayList<>(List.of(
                SessionkeeperSystem.FACTORY, SpringSessionSystem.FACTORY, KeyspaceTtlSystem.FACTORY, BareSystem.FACTORY));
        if (systemNames != null) {
            for (String name : systemNames) {
                if (systems.stream().noneMatch(s -> s.name().equals(name))) {
                    err.println("unknown system '" + name + "': choose from sessionkeeper, spring-session, keyspace-ttl, bare");
                    return 2;
                }
            }
            systems.removeIf(s -> s != SessionkeeperSystem.FACTORY && !systemNames.contains(s.name()));
        }
        Results results = new Results();
        for (BenchSystem.Factory s : systems) {
            results.system(s.name()); // fixes the column order, sessionkeeper first
        }
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
                results.fact("systems", String.join(", ", systems.stream().map(BenchSystem.Factory::name).toList()));
                results.fact("mode", quick ? "quick" : "full");
                results.fact("date", Instant.now().toString());
                results.fact("redis", version + (embedded != null ? " (started by the benchmark: " + RedisBinary.locate() + ")"
                        : " (given by --redis)"));
                results.fact("machine", Machine.cores() + " cores, " + Machine.memory() + ", " + Machine.cpuModel());
                results.fact("os", Machine.os());
                results.fact("java", Machine.java());
                err.printf(Locale.ROOT, "%s on %s; %s; %s%n", results.facts().get("systems"), version,
                        Machine.cores() + " cores, " + Machine.memory() + ", " + Machine.cpuModel(), Machine.java());

                BenchContext ctx = new BenchContext(url, probe, quick, err);
                for (Workload w : workloads) {
                    for (BenchSystem.Factory system : systems) {
                        if (system.workloads().contains(w.name())) {
                            results.system(system.name());
                            w.run(ctx, system, results);
                        }
                    }
                }
                compare(results, systems);
                FloorRatios.add(results, systems);
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
        if (chart != null && !results.lateness().isEmpty()) {
            LatenessChart.write(chart, results.lateness(), results.facts().get("mode") + " run, " + results.facts().get("date")
                    + ", " + results.facts().get("redis") + ", " + Machine.cores() + " cores");
            out.println("Wrote " + chart);
        }
        return 0;
    }

    /** The targets stated as ratios to Spring Session, from figures measured in this run. */
    private static void compare(Results results, List<BenchSystem.Factory> systems) {
        String spring = SpringSessionSystem.FACTORY.name();
        if (systems.stream().noneMatch(s -> s.name().equals(spring))) {
            return;
        }
        String sk = SessionkeeperSystem.FACTORY.name();
        results.system(sk);
        String bench = "vs Spring Session (same run)";
        for (Results.Row r : results.rows()) {
            double bound = switch (r.metric()) {
                case "requests per second", "lookups per second" -> 5;
                case "sessions created per second" -> 10;
                default -> Double.NaN;
            };
            if (r.system().equals(sk) && !Double.isNaN(bound)) {
                double theirs = results.value(spring, r.benchmark(), r.metric());
                results.atLeast(bench, r.metric() + ": sessionkeeper / spring-session", r.value() / theirs, "x", bound);
            }
            if (r.system().equals(sk) && r.metric().equals("Redis commands per request")) {
                double theirs = results.value(spring, r.benchmark(), r.metric());
                results.below(bench, "Redis commands per request: sessionkeeper (must be < Spring Session's)", r.value(), "commands", theirs);
            }
        }
    }
}
