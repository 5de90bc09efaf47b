package dev.sessionkeeper.app;

import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.codec.JsonAttributeCodec;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sessionkeeper tour}: finds or starts a Redis, connects a store to it and runs the {@link DemoTour}. */
@Command(name = "tour",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Run a short narrated tour of sessionkeeper on a real Redis (a few seconds).",
            "",
            "It creates, loads and saves sessions, runs two requests at once, lets a",
            "session expire on time and shows that a late save cannot bring it back,",
            "logs out, and refuses malformed ids.",
            "",
            "Without --redis (and without " + DemoCommand.REDIS_ENV + ") it starts an embedded",
            "Redis for the run: redis-server from SESSIONKEEPER_REDIS_SERVER or the PATH,",
            "else the binary shipped in the embedded-redis jar.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./sessionkeeper tour",
            "      the tour on an embedded Redis",
            "  ./sessionkeeper tour --redis redis://localhost:6379",
            "      on your Redis (a node of a cluster is detected as such)",
            "  ./sessionkeeper tour --redis rediss://app:secret@redis.example.com:6380",
            "      over TLS, with an ACL user",
            "  ./sessionkeeper tour --redis redis-cluster://10.0.0.1:7000,10.0.0.2:7000",
            "      on a Redis Cluster, given its seed nodes",
            "  " + DemoCommand.REDIS_ENV + "=redis://localhost:6379 ./sessionkeeper tour",
            "      the URL from the environment"
        })
final class TourCommand implements Callable<Integer> {

    /** The tour's own sessions live minutes, not the library's default half hour, should a run be cut short. */
    private static final Duration IDLE = Duration.ofMinutes(5);
    private static final Duration ABSOLUTE = Duration.ofHours(1);

    @Spec
    CommandSpec spec;

    @Option(names = "--redis", paramLabel = "URL",
            description = "Redis to use: redis://[user:password@]host:port, rediss://... for TLS, "
                    + "redis-cluster://host:port,host:port,... for a cluster. Default: $" + DemoCommand.REDIS_ENV
                    + ", else an embedded Redis.")
    String redisUrl;

    @Option(names = "--namespace", paramLabel = "NAME", defaultValue = "sk-demo",
            description = "Prefix of every key the tour writes (default: ${DEFAULT-VALUE}).")
    String namespace;

    private final Map<String, String> env;

    TourCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        Narrator n = new Narrator(spec.commandLine().getOut(), isTerminal());
        n.plain("sessionkeeper tour: web sessions in Redis that expire on time.");
        n.step("Connect to Redis");
        DemoTour tour;
        RedisFacts facts;
        boolean embedded;
        try (DemoRedis redis = redis(n)) {
            embedded = redis.isEmbedded();
            try (SessionStore store = connect(redis.url())) {
                facts = RedisFacts.read(redis.url(), Duration.ofSeconds(2));
                n.say("Connected to " + facts.describe() + ", " + facts.mode() + ", at " + Redaction.url(redis.url())
                        + "; keys under namespace '" + namespace + "'.");
                tour = new DemoTour(store, n, namespace);
                tour.run();
            }
        }
        if (embedded) {
            n.heading("Stopped the embedded Redis.");
        }
        tour.summarize(facts, embedded);
        return 0;
    }

    private DemoRedis redis(Narrator n) {
        if (redisUrl != null && !redisUrl.isBlank()) {
            n.say("Using the Redis given with --redis.");
            return DemoRedis.given(redisUrl.trim());
        }
        String fromEnv = env.get(DemoCommand.REDIS_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            n.say("Using the Redis named by " + DemoCommand.REDIS_ENV + ".");
            return DemoRedis.given(fromEnv.trim());
        }
        n.say("No --redis URL given (nor " + DemoCommand.REDIS_ENV + "), so starting an embedded Redis for this run...");
        DemoRedis redis = DemoRedis.startEmbedded();
        n.say("Embedded Redis " + DemoRedis.binaryVersion() + " is up at " + redis.url() + ".");
        n.more("binary: " + DemoRedis.binaryOrigin());
        return redis;
    }

    private SessionStore connect(String url) {
        JsonAttributeCodec codec = JsonAttributeCodec.builder().register(Cart.ALIAS, Cart.class).build();
        try {
            return SessionStore.builder()
                    .redis(url)
                    .namespace(namespace)
                    .idleTimeout(IDLE)
                    .absoluteTimeout(ABSOLUTE)
                    .connectTimeout(Duration.ofSeconds(3))
                    .codec(codec)
                    .build();
        } catch (IllegalArgumentException e) {
            // A URL or namespace the store cannot use: a usage error (exit code 2), not a failure.
            throw new ParameterException(spec.commandLine(), "Invalid option: " + e.getMessage(), e);
        }
    }

    /** Whether the output is an interactive terminal, where the countdown can redraw its line. */
    private boolean isTerminal() {
        return System.console() != null && env.get("CI") == null && !"dumb".equals(env.get("TERM"));
    }
}
