package dev.sessionkeeper.app;

import dev.sessionkeeper.SessionStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sessionkeeper demo}: the web demo. Finds or starts a Redis, starts the {@link WebDemo} on it (expiry
 * worker, web server, optional simulated users), prints the URLs and runs until SIGTERM or Ctrl-C.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Run the web demo: sign in from several browsers, watch your devices'",
            "sessions count down and expire, and see every expiry arrive on a live",
            "dashboard. Runs until Ctrl-C (or SIGTERM).",
            "",
            "It starts an expiry worker and a web server on http://localhost:8080,",
            "with the sign-in page at /, your devices at /devices and the dashboard",
            "at /dashboard. Sessions time out after 10 s to 5 min of idleness (the",
            "visitor picks), at most " + WebDemo.SESSION_LIMIT + " per name.",
            "",
            "Without --redis (and without " + DemoCommand.REDIS_ENV + ") it starts an embedded",
            "Redis for the run: redis-server from SESSIONKEEPER_REDIS_SERVER or the PATH,",
            "else the binary shipped in the embedded-redis jar.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./sessionkeeper demo",
            "      the web demo on an embedded Redis, at http://localhost:8080/",
            "  ./sessionkeeper demo --simulate 50",
            "      with 50 synthetic users, so the dashboard moves",
            "  ./sessionkeeper demo --port 9090 --host 0.0.0.0",
            "      on another port, reachable from other machines (e.g. your phone)",
            "  ./sessionkeeper demo --redis redis://localhost:6379",
            "      on your Redis (a node of a cluster is detected as such)",
            "  ./sessionkeeper demo --redis redis-cluster://10.0.0.1:7000,10.0.0.2:7000",
            "      on a Redis Cluster, given its seed nodes",
            "  " + DemoCommand.REDIS_ENV + "=rediss://app:secret@redis:6380 ./sessionkeeper demo",
            "      the URL from the environment, over TLS with an ACL user",
            "  ./sessionkeeper tour",
            "      the narrated console tour instead (a few seconds, no browser)"
        })
final class DemoCommand implements Callable<Integer> {

    static final String REDIS_ENV = "SESSIONKEEPER_REDIS";
    private static final Duration FACTS_TIMEOUT = Duration.ofSeconds(2);

    @Spec
    CommandSpec spec;

    @Option(names = "--redis", paramLabel = "URL",
            description = "Redis to use: redis://[user:password@]host:port, rediss://... for TLS, "
                    + "redis-cluster://host:port,host:port,... for a cluster. Default: $" + REDIS_ENV
                    + ", else an embedded Redis.")
    String redisUrl;

    @Option(names = "--namespace", paramLabel = "NAME", defaultValue = "sk-demo",
            description = "Prefix of every key the demo writes (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "Port of the web server; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "localhost",
            description = "Interface to listen on: 0.0.0.0 for all, to try the demo from another device "
                    + "(default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--simulate", paramLabel = "N", defaultValue = "0",
            description = "Synthetic users that sign in, click, sign out or walk away, with idle timeouts of 5-15 s, "
                    + "so the dashboard moves; 0.." + TrafficSimulator.MAX_USERS + " (default: ${DEFAULT-VALUE}).")
    int simulate;

    private final Map<String, String> env;

    DemoCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            throw usage("--port must be 0..65535, got " + port + ".");
        }
        if (simulate < 0 || simulate > TrafficSimulator.MAX_USERS) {
            throw usage("--simulate must be 0.." + TrafficSimulator.MAX_USERS + ", got " + simulate + ".");
        }
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stopRequested = new CountDownLatch(1);
        AtomicReference<String> stopCause = new AtomicReference<>();
        StopSignals signals = StopSignals.install(cause -> {
            stopCause.compareAndSet(null, cause);
            stopRequested.countDown();
        });
        try {
            try (DemoRedis redis = redis(out); SessionStore store = connect(redis.url())) {
                RedisFacts facts = RedisFacts.read(redis.url(), FACTS_TIMEOUT);
                try (WebDemo demo = WebDemo.start(store, host, port, simulate)) {
                    printUrls(out, redis, facts, demo);
                    stopRequested.await();
                    out.println();
                    out.println(stopCause.get() + ": stopping the demo...");
                    out.flush();
                }
            }
            out.println("Stopped.");
            out.flush();
        } finally {
            signals.close();
        }
        return 0;
    }

    private DemoRedis redis(PrintWriter out) {
        if (redisUrl != null && !redisUrl.isBlank()) {
            return DemoRedis.given(redisUrl.trim());
        }
        String fromEnv = env.get(REDIS_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return DemoRedis.given(fromEnv.trim());
        }
        out.println("No --redis URL given (nor " + REDIS_ENV + "): starting an embedded Redis for this run...");
        out.flush();
        return DemoRedis.startEmbedded();
    }

    private SessionStore connect(String url) {
        try {
            return WebDemo.configure(SessionStore.builder().redis(url).namespace(namespace)
                    .connectTimeout(Duration.ofSeconds(3))).build();
        } catch (IllegalArgumentException e) {
            // A URL or namespace the store cannot use: a usage error (exit code 2), not a failure.
            throw usage("Invalid option: " + e.getMessage());
        }
    }

    private void printUrls(PrintWriter out, DemoRedis redis, RedisFacts facts, WebDemo demo) {
        String base = "http://" + (isWildcard(host) ? "localhost" : host) + ":" + demo.port();
        out.println();
        out.println("sessionkeeper demo " + VersionProvider.projectVersion() + " is running.");
        out.println("  Redis       " + facts.describe() + ", " + facts.mode() + ", at " + Redaction.url(redis.url())
                + (redis.isEmbedded() ? " (embedded: gone when the demo stops)" : "") + "; namespace '" + namespace + "'");
        out.println();
        out.println("  Sign in     " + base + "/");
        out.println("  Devices     " + base + "/devices");
        out.println("  Dashboard   " + base + "/dashboard");
        out.println();
        if (demo.simulatedUsers() > 0) {
            out.println("Simulating " + demo.simulatedUsers() + " users. Ctrl-C stops the demo.");
        } else {
            out.println("Open the sign-in page in two browsers (or a private window). Ctrl-C stops the demo.");
        }
        out.flush();
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
