package dev.sessionkeeper.app.cli;

import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.app.demo.DemoRedis;
import dev.sessionkeeper.app.demo.DemoTour;
import dev.sessionkeeper.app.demo.Narrator;
import dev.sessionkeeper.app.ops.RedisFacts;
import dev.sessionkeeper.app.support.Redaction;
import dev.sessionkeeper.app.web.Cart;
import dev.sessionkeeper.codec.JsonAttributeCodec;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sessionkeeper tour}: finds or starts a Redis, connects a store to it and runs the {@link DemoTour}. */
@Command(name = "tour",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        defaultValueProvider = DemoDefaults.class,
        description = {
            "Run a short narrated tour of sessionkeeper on a real Redis (a few seconds).",
            "",
            "It creates, loads and saves sessions, runs two requests at once, lets a",
            "session expire on time and shows that a late save cannot bring it back,",
            "logs out, and refuses malformed ids.",
            "",
            "Without a Redis named by --redis, " + DemoCommand.REDIS_ENV + " or a --config",
            "file, it starts an embedded Redis for the run: redis-server from",
            "SESSIONKEEPER_REDIS_SERVER or the PATH, else the binary shipped in the",
            "embedded-redis jar.",
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
            "  ./sessionkeeper tour --redis rediss://redis:6380 --redis-ca ca.pem",
            "      over TLS, with a server certificate signed by your own CA",
            "  ./sessionkeeper tour --redis redis-cluster://10.0.0.1:7000,10.0.0.2:7000",
            "      on a Redis Cluster, given its seed nodes",
            "  " + DemoCommand.REDIS_ENV + "=redis://localhost:6379 ./sessionkeeper tour",
            "      the URL from the environment",
            "  ./sessionkeeper tour --config /etc/sessionkeeper.properties",
            "      the Redis (redis=URL) and namespace of a key=value file"
        })
public final class TourCommand implements Callable<Integer> {

    /** The tour's own sessions live minutes, not the library's default half hour, should a run be cut short. */
    private static final Duration IDLE = Duration.ofMinutes(5);
    private static final Duration ABSOLUTE = Duration.ofHours(1);

    @Spec
    CommandSpec spec;

    /** Where Redis is, namespace (default sk-demo, see {@link DemoDefaults}), shards; no Redis: an embedded one. */
    @Mixin
    ConnectionOptions connection;

    private final Map<String, String> env;

    public TourCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        ConnectionOptions.Settings settings = connection.resolveAllowingNoRedis(env, spec);
        Narrator n = new Narrator(spec.commandLine().getOut(), isTerminal());
        n.plain("sessionkeeper tour: web sessions in Redis that expire on time.");
        n.step("Connect to Redis");
        DemoTour tour;
        RedisFacts facts;
        boolean embedded;
        try (DemoRedis redis = redis(n, settings)) {
            embedded = redis.isEmbedded();
            ConnectionOptions.Settings used = redis.settings(settings);
            try (SessionStore store = connect(used)) {
                facts = RedisFacts.of(store);
                n.say("Connected to " + facts.describe() + ", " + facts.mode() + ", at " + Redaction.url(used.redis())
                        + "; keys under namespace '" + used.namespace() + "'.");
                tour = new DemoTour(store, n, used.namespace());
                tour.run();
            }
        }
        if (embedded) {
            n.heading("Stopped the embedded Redis.");
        }
        tour.summarize(facts, embedded);
        return 0;
    }

    private static DemoRedis redis(Narrator n, ConnectionOptions.Settings settings) {
        if (settings.hasRedis()) {
            n.say("Using the Redis from " + settings.redisSource() + ".");
            return DemoRedis.given(settings.redis());
        }
        n.say("No Redis named by --redis, " + DemoCommand.REDIS_ENV + " or a --config file, so starting an embedded "
                + "Redis for this run...");
        DemoRedis redis = DemoRedis.startEmbedded();
        n.say("Embedded Redis " + DemoRedis.binaryVersion() + " is up at " + redis.url() + ".");
        n.more("binary: " + DemoRedis.binaryOrigin());
        return redis;
    }

    private SessionStore connect(ConnectionOptions.Settings settings) {
        JsonAttributeCodec codec = JsonAttributeCodec.builder().register(Cart.ALIAS, Cart.class).build();
        return ConnectionOptions.connect(settings, spec,
                builder -> builder.idleTimeout(IDLE).absoluteTimeout(ABSOLUTE).codec(codec));
    }

    /** Whether the output is an interactive terminal, where the countdown can redraw its line. */
    private boolean isTerminal() {
        return System.console() != null && env.get("CI") == null && !"dumb".equals(env.get("TERM"));
    }
}
