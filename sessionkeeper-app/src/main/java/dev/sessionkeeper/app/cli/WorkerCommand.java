package dev.sessionkeeper.app.cli;

import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.app.demo.DemoRedis;
import dev.sessionkeeper.app.ops.MetricsServer;
import dev.sessionkeeper.app.ops.PrometheusMetrics;
import dev.sessionkeeper.app.ops.RedisFacts;
import dev.sessionkeeper.app.ops.WorkerReport;
import dev.sessionkeeper.app.support.Durations;
import dev.sessionkeeper.app.support.Redaction;
import dev.sessionkeeper.expiry.ExpiryWorker;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sessionkeeper worker}: the expiry engine as a daemon. It connects a store to the applications' Redis,
 * starts an {@link ExpiryWorker} on it, prints a status line now and then, and on SIGTERM or Ctrl-C stops after
 * the batch in flight and exits with code 0.
 */
@Command(name = "worker",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Run the expiry engine as a standalone daemon.",
            "",
            "It expires sessions at their deadline and writes their 'expired' events,",
            "until stopped with SIGTERM or Ctrl-C, which lets it finish the batch in",
            "flight. Sessions are unusable from their deadline whether or not a worker",
            "runs; the worker is what delivers their expired events on time.",
            "",
            "Workers may run anywhere and in any number: each batch is one atomic",
            "script, so two workers never expire the same session twice.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./sessionkeeper worker --redis redis://redis.internal:6379",
            "      one worker per host (or a few for redundancy): each drains all shards",
            "  " + DemoCommand.REDIS_ENV + "=rediss://app:secret@redis:6380 ./sessionkeeper worker",
            "      the URL from the environment, over TLS with an ACL user",
            "  ./sessionkeeper worker --config /etc/sessionkeeper.properties",
            "      redis, namespace, shards and redis-ca (a TLS CA) from a key=value file",
            "  ./sessionkeeper worker --redis redis-cluster://10.0.0.1:7000,10.0.0.2:7000",
            "      on a Redis Cluster, given its seed nodes",
            "  ./sessionkeeper worker --redis URL --only-shards 0-7",
            "  ./sessionkeeper worker --redis URL --only-shards 8-15",
            "      split the 16 shards between two workers (overlaps are harmless)",
            "  ./sessionkeeper worker --redis URL --metrics-port 9404",
            "      with Prometheus metrics at http://HOST:9404/metrics",
            "  ./sessionkeeper worker --embedded --status-interval 2s",
            "      try it out on a local Redis that lives as long as the worker",
            "",
            "Exit codes: 0 stopped by SIGTERM/SIGINT, 1 failed (e.g. Redis unreachable",
            "at startup), 2 bad usage. Once running, the worker rides out Redis outages:",
            "it retries, logs a warning and counts failures in its status line."
        })
public final class WorkerCommand implements Callable<Integer> {

    public static final String NAMESPACE_ENV = "SESSIONKEEPER_NAMESPACE";
    static final String DEFAULT_NAMESPACE = "sk";
    /** The worker's own lines and (see {@link #timestampLogLines()}) the log lines share this time stamp. */
    private static final String STAMP_PATTERN = "yyyy-MM-dd HH:mm:ss.SSS";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern(STAMP_PATTERN, Locale.ROOT);
    private static final String INDENT = " ".repeat(STAMP_PATTERN.length() + 3);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    @Spec
    CommandSpec spec;

    /** Where Redis is, namespace, shard count: required here, a daemon never starts an embedded Redis unasked. */
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--embedded",
            description = "Start a local redis-server for this run instead of the applications' Redis, to try the "
                    + "worker out (its data is gone when the worker stops).")
    boolean embedded;

    @Option(names = "--only-shards", paramLabel = "LIST", converter = ShardSet.Converter.class,
            description = "Drain only these shards, e.g. 0-7 or 0,3,5-7 (default: all).")
    ShardSet onlyShards;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "100",
            description = "Most sessions expired by one script call, 1..5000 (default: ${DEFAULT-VALUE}). Larger "
                    + "drains a backlog with fewer calls but holds Redis longer per call.")
    int batchSize;

    @Option(names = "--max-sleep", paramLabel = "DURATION", defaultValue = "1s", converter = Durations.Converter.class,
            description = "Longest the worker sleeps without looking, e.g. 250ms, 1s (default: ${DEFAULT-VALUE}). "
                    + "It normally wakes at the next deadline; this bounds the lateness of sessions whose idle "
                    + "timeout is shorter than it.")
    Duration maxSleep;

    @Option(names = "--status-interval", paramLabel = "DURATION", defaultValue = "10s",
            converter = Durations.Converter.class,
            description = "How often to print a status line, e.g. 10s, 1m; 0: never (default: ${DEFAULT-VALUE}).")
    Duration statusInterval;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve the worker's meters in Prometheus text format at http://HOST:PORT/metrics "
                    + "(0 picks a free port; default: no metrics server).")
    Integer metricsPort;

    @Option(names = "--heartbeat-interval", paramLabel = "DURATION", defaultValue = "5s",
            converter = Durations.Converter.class,
            description = "How often the worker records its heartbeat in Redis, which stats and doctor read "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration heartbeatInterval;

    private final Map<String, String> env;

    public WorkerCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        ConnectionOptions.Settings settings = settings();
        ShardSet drained = drainedShards(settings.shards());
        checkWorkerSettings();
        timestampLogLines();

        PrintWriter out = spec.commandLine().getOut();
        StopSignals signals = StopSignals.install();
        try {
            try (DemoRedis redis = embedded ? startEmbedded(out) : DemoRedis.given(settings.redis())) {
                ConnectionOptions.Settings used = redis.settings(settings);
                // Meters bound before the store and its worker start, so that their first calls are counted.
                PrometheusMetrics metrics = metricsPort == null ? null : new PrometheusMetrics();
                try (SessionStore store = connect(used, metrics)) {
                    RedisFacts facts = RedisFacts.of(store);
                    printStartup(out, used, facts, drained);
                    ExpiryWorker worker = store.expiryWorker()
                            .shards(drained.toArray())
                            .batchSize(batchSize)
                            .maxSleep(maxSleep)
                            .heartbeatInterval(heartbeatInterval)
                            .start();
                    try (MetricsServer server = metrics == null ? null : MetricsServer.start(metrics, metricsPort)) {
                        more(out, "worker id", worker.id() + " (in its heartbeat, every " + Durations.format(heartbeatInterval) + ")");
                        if (server != null) {
                            more(out, "metrics", "http://localhost:" + server.port() + "/metrics");
                        }
                        WorkerReport report = new WorkerReport(System.nanoTime());
                        line(out, "running; SIGTERM or Ctrl-C stops it after the batch in flight.");
                        while (!awaitStop(signals)) {
                            line(out, report.status(worker.stats(), liveSessions(store), System.nanoTime()));
                        }
                        line(out, signals.cause() + ": stopping after the batch in flight...");
                        worker.close();
                        line(out, report.summary(worker.stats(), System.nanoTime()));
                    } finally {
                        worker.close();
                    }
                }
            }
            if (embedded) {
                line(out, "stopped the embedded Redis.");
            }
        } finally {
            // Last, after the store and any embedded Redis are closed: a shutdown hook waiting for the stop returns.
            signals.close();
        }
        return 0;
    }

    /**
     * The settings, with a null URL only with --embedded: without it the worker needs the applications' Redis. With
     * it, a Redis named by the environment or the config file gives way to the local one, as the flag asks for a
     * try-out; only --redis itself contradicts it.
     */
    private ConnectionOptions.Settings settings() {
        if (embedded && connection.redisFlagGiven()) {
            throw usage("--redis and --embedded exclude each other: use your Redis, or a local one to try it out.");
        }
        ConnectionOptions.Settings settings = connection.resolveAllowingNoRedis(env, spec);
        if (!embedded && !settings.hasRedis()) {
            throw usage(ConnectionOptions.missingRedis("the worker drains the Redis your applications use. To try it "
                    + "out on a local Redis, use --embedded."));
        }
        return settings;
    }

    private ShardSet drainedShards(int storeShards) {
        if (onlyShards == null) {
            return ShardSet.all(storeShards);
        }
        if (onlyShards.max() >= storeShards) {
            throw usage("--only-shards " + onlyShards + " names shard " + onlyShards.max() + ", but the store has "
                    + storeShards + " shards (0.." + (storeShards - 1) + "); set --shards to the applications' count.");
        }
        return onlyShards;
    }

    private void checkWorkerSettings() {
        if (batchSize < 1 || batchSize > 5000) {
            throw usage("--batch-size must be 1..5000, got " + batchSize + ".");
        }
        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65_535)) {
            throw usage("--metrics-port must be 0..65535, got " + metricsPort + ".");
        }
        if (heartbeatInterval.toMillis() < 100) {
            throw usage("--heartbeat-interval must be at least 100ms, got " + Durations.format(heartbeatInterval) + ".");
        }
        if (maxSleep.toMillis() < 1) {
            throw usage("--max-sleep must be at least 1ms, got " + Durations.format(maxSleep) + ".");
        }
    }

    private DemoRedis startEmbedded(PrintWriter out) {
        line(out, "starting an embedded Redis (for trying the worker out; its data is gone when the worker stops)...");
        return DemoRedis.startEmbedded();
    }

    private SessionStore connect(ConnectionOptions.Settings settings, PrometheusMetrics metrics) {
        // A daemon rides out slow networks on reconnect: the library's 5 s, not the 3 s that suits a person
        // waiting at a terminal.
        return ConnectionOptions.connect(settings, spec, builder -> {
            builder.connectTimeout(CONNECT_TIMEOUT);
            return metrics == null ? builder : builder.observer(metrics.observer());
        });
    }

    private void printStartup(PrintWriter out, ConnectionOptions.Settings settings, RedisFacts facts, ShardSet drained) {
        int storeShards = settings.shards();
        line(out, "sessionkeeper worker " + VersionProvider.projectVersion() + " (pid " + ProcessHandle.current().pid()
                + ", Java " + System.getProperty("java.version") + ")");
        more(out, "redis", Redaction.url(settings.redis()) + " ("
                + (embedded ? "embedded: gone when the worker stops" : settings.redisSource()) + ")");
        if (settings.redisCa() != null) {
            more(out, "redis ca", settings.redisCa().toString());
        }
        more(out, "server", facts.describe() + ", " + facts.mode());
        more(out, "namespace", settings.namespace());
        more(out, "store shards", storeShards + " (must match the applications' setting)");
        more(out, "drains shards", drained.size() == storeShards
                ? "all " + storeShards + " (" + drained + ")"
                : drained + " (" + drained.size() + " of " + storeShards + ")");
        more(out, "batch size", Integer.toString(batchSize));
        more(out, "max sleep", Durations.format(maxSleep));
        more(out, "status every", statusInterval.isZero() ? "never (--status-interval 0)" : Durations.format(statusInterval));
    }

    /** Waits one status interval (forever when status lines are off); true once a stop was asked for. */
    private boolean awaitStop(StopSignals signals) throws InterruptedException {
        if (statusInterval.isZero()) {
            signals.await();
            return true;
        }
        return signals.await(statusInterval.toMillis());
    }

    /** Live sessions in the whole store, or empty while Redis does not answer: a status line never fails. */
    private static OptionalLong liveSessions(SessionStore store) {
        try {
            return OptionalLong.of(store.count());
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Gives the log lines of the library (warnings such as "expiry step failed, retrying") the same time stamp
     * as the worker's own lines: a daemon's log without times is of little use. Takes effect only before the
     * first logger is made, which in the worker's own JVM is now; a -D setting on the command line wins.
     */
    private static void timestampLogLines() {
        if (System.getProperty("org.slf4j.simpleLogger.showDateTime") == null) {
            System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
            System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", STAMP_PATTERN);
        }
    }

    private static void line(PrintWriter out, String text) {
        out.println(STAMP.format(LocalDateTime.now()) + "  " + text);
        out.flush();
    }

    private static void more(PrintWriter out, String label, String value) {
        out.println(INDENT + String.format(Locale.ROOT, "%-14s %s", label, value));
        out.flush();
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
