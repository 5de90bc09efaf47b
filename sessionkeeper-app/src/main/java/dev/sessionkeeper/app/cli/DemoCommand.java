package dev.sessionkeeper.app.cli;

import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.app.demo.DemoRedis;
import dev.sessionkeeper.app.demo.TrafficSimulator;
import dev.sessionkeeper.app.ops.PrometheusMetrics;
import dev.sessionkeeper.app.ops.RedisFacts;
import dev.sessionkeeper.app.support.Redaction;
import dev.sessionkeeper.app.web.WebDemo;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
        defaultValueProvider = DemoDefaults.class,
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
            "Without a Redis named by --redis, " + DemoCommand.REDIS_ENV + " or a --config",
            "file, it starts an embedded Redis for the run: redis-server from",
            "SESSIONKEEPER_REDIS_SERVER or the PATH, else the binary shipped in the",
            "embedded-redis jar.",
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
            "  ./sessionkeeper demo --redis rediss://redis:6380 --redis-ca ca.pem",
            "      over TLS, with a server certificate signed by your own CA",
            "  ./sessionkeeper tour",
            "      the narrated console tour instead (a few seconds, no browser)"
        })
public final class DemoCommand implements Callable<Integer> {

    public static final String REDIS_ENV = "SESSIONKEEPER_REDIS";

    @Spec
    CommandSpec spec;

    /** Where Redis is, namespace (default sk-demo, see {@link DemoDefaults}), shards; no Redis: an embedded one. */
    @Mixin
    ConnectionOptions connection;

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

    public DemoCommand(Map<String, String> env) {
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
        ConnectionOptions.Settings settings = connection.resolveAllowingNoRedis(env, spec);
        PrintWriter out = spec.commandLine().getOut();
        StopSignals signals = StopSignals.install();
        try {
            try (DemoRedis redis = redis(out, settings)) {
                ConnectionOptions.Settings used = redis.settings(settings);
                PrometheusMetrics metrics = new PrometheusMetrics();
                try (SessionStore store = ConnectionOptions.connect(used, spec, b -> WebDemo.configure(b, metrics))) {
                    RedisFacts facts = RedisFacts.of(store);
                    try (WebDemo demo = WebDemo.start(store, metrics, host, port, simulate)) {
                        printUrls(out, redis, used, facts, demo);
                        signals.await();
                        out.println();
                        out.println(signals.cause() + ": stopping the demo...");
                        out.flush();
                    }
                }
            }
            out.println("Stopped.");
            out.flush();
        } finally {
            signals.close();
        }
        return 0;
    }

    private static DemoRedis redis(PrintWriter out, ConnectionOptions.Settings settings) {
        if (settings.hasRedis()) {
            return DemoRedis.given(settings.redis());
        }
        out.println("No Redis named by --redis, " + REDIS_ENV + " or a --config file: starting an embedded Redis "
                + "for this run...");
        out.flush();
        return DemoRedis.startEmbedded();
    }

    private void printUrls(PrintWriter out, DemoRedis redis, ConnectionOptions.Settings settings, RedisFacts facts,
            WebDemo demo) {
        String base = "http://" + (isWildcard(host) ? "localhost" : host) + ":" + demo.port();
        out.println();
        out.println("sessionkeeper demo " + VersionProvider.projectVersion() + " is running.");
        out.println("  Redis       " + facts.describe() + ", " + facts.mode() + ", at " + Redaction.url(settings.redis())
                + (redis.isEmbedded() ? " (embedded: gone when the demo stops)" : "")
                + "; namespace '" + settings.namespace() + "'");
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
