package dev.sessionkeeper.app.cli;

import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.SessionStoreBuilder;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options that say which store a command works on, shared by every command as a picocli mixin: where Redis
 * is, the namespace, its shard count. Each comes from the flag, else an environment variable, else the config
 * file ({@code --config FILE}, {@code key=value} lines), else the default, so that a deployment can keep one file
 * next to the applications' own settings and a person can still override one value. This class is the one place
 * that settles them; commands differ only in what they do when no Redis is named anywhere (see
 * {@link #resolveAllowingNoRedis}) and in their namespace default (see {@link DemoDefaults}).
 */
public final class ConnectionOptions {

    public static final String CA_ENV = "SESSIONKEEPER_REDIS_CA";
    public static final String CONFIG_ENV = "SESSIONKEEPER_CONFIG";
    static final int DEFAULT_SHARDS = 16;
    static final String NAMESPACE_OPTION = "--namespace";
    private static final Set<String> FILE_KEYS = Set.of("redis", "namespace", "shards", "redis-ca");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    @Option(names = "--redis", paramLabel = "URL",
            description = "The Redis the applications use: redis://[user:password@]host:port, rediss://... for TLS, "
                    + "redis-cluster://host:port,host:port,... for a cluster, redis-sentinel://host:port,...#master "
                    + "for Sentinel. Default: $" + DemoCommand.REDIS_ENV + ", else 'redis' in the config file.")
    String redis;

    @Option(names = "--redis-ca", paramLabel = "FILE",
            description = "PEM file of the CA that signed the Redis server's TLS certificate (rediss://). "
                    + "Default: $" + CA_ENV + ", else 'redis-ca' in the config file, else the JVM's trust store.")
    Path redisCa;

    /**
     * Picocli fills in the command's default when the flag is absent ({@link WorkerCommand#DEFAULT_NAMESPACE}, or
     * what the command's default value provider says), so that {@code --help} shows each command's own; whether
     * the flag was given is therefore read from the parse result, not from this field.
     */
    @Option(names = NAMESPACE_OPTION, paramLabel = "NAME", defaultValue = WorkerCommand.DEFAULT_NAMESPACE,
            description = "Key prefix of the store, as the applications set it. Default: $" + WorkerCommand.NAMESPACE_ENV
                    + ", else 'namespace' in the config file, else ${DEFAULT-VALUE}.")
    String namespace;

    @Option(names = "--shards", paramLabel = "N",
            description = "The store's shard count, as the applications set it. Default: 'shards' in the config "
                    + "file, else " + DEFAULT_SHARDS + ".")
    Integer shards;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A file of key=value lines (redis, namespace, shards, redis-ca) used for what neither "
                    + "a flag nor the environment gives. Default: $" + CONFIG_ENV + ".")
    Path config;

    /**
     * The settled values, after flag > environment > file > default.
     *
     * @param redis the URL, or null when none is given anywhere (only from {@link #resolveAllowingNoRedis})
     * @param redisSource where the URL came from, for the startup lines: "--redis", "$SESSIONKEEPER_REDIS",
     *     "config file PATH" or "embedded"
     */
    public record Settings(String redis, String namespace, int shards, Path redisCa, String redisSource) {

        boolean hasRedis() {
            return redis != null;
        }

        /**
         * These settings on a Redis the command started itself. It speaks plain redis:// on loopback, so a CA
         * file (say, from the environment of a deployment) has nothing to verify there and is dropped.
         */
        public Settings onEmbedded(String url) {
            return new Settings(url, namespace, shards, null, "embedded");
        }
    }

    /**
     * The settings of a command that needs the applications' Redis.
     *
     * @throws ParameterException (exit code 2) for a missing URL, an unreadable config or CA file, or a bad value
     */
    Settings resolve(Map<String, String> env, CommandSpec spec) {
        Settings s = resolveAllowingNoRedis(env, spec);
        if (!s.hasRedis()) {
            throw new ParameterException(spec.commandLine(), missingRedis("which Redis do your applications use?"));
        }
        return s;
    }

    /**
     * The settings of a command that has something to do without a Redis (start an embedded one, or say why it
     * will not): a URL named nowhere gives {@link Settings#redis()} null, and the rest is settled as usual.
     *
     * @throws ParameterException (exit code 2) for an unreadable config or CA file, or a bad value
     */
    Settings resolveAllowingNoRedis(Map<String, String> env, CommandSpec spec) {
        Path file = config != null ? config : pathOrNull(env.get(CONFIG_ENV));
        Properties props = file == null ? new Properties() : read(file, spec);
        String url = null;
        String source = null;
        if (notBlank(redis)) {
            url = redis.strip();
            source = "--redis";
        } else if (notBlank(env.get(DemoCommand.REDIS_ENV))) {
            url = env.get(DemoCommand.REDIS_ENV).strip();
            source = "$" + DemoCommand.REDIS_ENV;
        } else if (notBlank(props.getProperty("redis"))) {
            url = props.getProperty("redis").strip();
            source = "config file " + file;
        }
        boolean namespaceGiven = spec.commandLine().getParseResult().hasMatchedOption(NAMESPACE_OPTION);
        String ns = namespaceGiven ? namespace
                : first(env.get(WorkerCommand.NAMESPACE_ENV), props.getProperty("namespace"), null, namespace);
        int n = shards != null ? shards : shardsFromFile(props, spec);
        Path ca = redisCa != null ? redisCa
                : pathOrNull(first(env.get(CA_ENV), props.getProperty("redis-ca"), null, null));
        if (ca != null && !Files.isReadable(ca)) {
            throw new ParameterException(spec.commandLine(), "Cannot read the CA file " + ca + " (--redis-ca).");
        }
        if (n < 1 || n > 1000) {
            throw new ParameterException(spec.commandLine(), "--shards must be 1..1000, got " + n + ".");
        }
        return new Settings(url, ns, n, ca, source);
    }

    /** Whether --redis itself was given (not the environment or the file), for options that exclude it. */
    boolean redisFlagGiven() {
        return notBlank(redis);
    }

    /** The start of every "no Redis named" usage error, so that each lists all three ways to name one. */
    static String missingRedis(String why) {
        return "Missing --redis URL (or " + DemoCommand.REDIS_ENV + ", or redis=URL in a --config file): " + why;
    }

    /**
     * Connects a store with these settings.
     *
     * @throws ParameterException (exit code 2) for a URL or namespace the store cannot use, or a shard count
     *     other than the namespace's
     */
    static SessionStore connect(Settings s, CommandSpec spec) {
        return connect(s, spec, UnaryOperator.identity());
    }

    /**
     * Connects a store with these settings and what the command adds to them (timeouts, a codec...), applied
     * last so that it may also override the connect timeout.
     */
    static SessionStore connect(Settings s, CommandSpec spec, UnaryOperator<SessionStoreBuilder> command) {
        try {
            SessionStoreBuilder builder = SessionStore.builder().redis(s.redis()).namespace(s.namespace())
                    .shards(s.shards()).connectTimeout(CONNECT_TIMEOUT);
            if (s.redisCa() != null) {
                builder.redisCaCertificate(s.redisCa());
            }
            return command.apply(builder).build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            // A URL or namespace the store cannot use, or a --shards other than the count the namespace uses:
            // a usage error (exit code 2), not a failure.
            throw new ParameterException(spec.commandLine(), "Invalid option: " + e.getMessage()
                    + (e.getMessage().contains("shards") ? " (--shards)" : ""), e);
        }
    }

    private static Properties read(Path file, CommandSpec spec) {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            props.load(in);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "Cannot read the config file " + file + ": " + e + ".");
        }
        for (String key : props.stringPropertyNames()) {
            if (!FILE_KEYS.contains(key)) {
                throw new ParameterException(spec.commandLine(), "Unknown key '" + key + "' in " + file
                        + " (known: redis, namespace, shards, redis-ca).");
            }
        }
        return props;
    }

    private static int shardsFromFile(Properties props, CommandSpec spec) {
        String v = props.getProperty("shards");
        if (!notBlank(v)) {
            return DEFAULT_SHARDS;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), "shards=" + v + " in the config file is not a number.");
        }
    }

    private static String first(String a, String b, String c, String otherwise) {
        for (String v : new String[] {a, b, c}) {
            if (notBlank(v)) {
                return v.strip();
            }
        }
        return otherwise;
    }

    private static Path pathOrNull(String text) {
        return notBlank(text) ? Path.of(text.strip()) : null;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
