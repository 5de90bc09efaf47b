package dev.sessionkeeper.app;

import dev.sessionkeeper.SessionStore;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options that say which store an operator command works on, shared by every such command as a picocli
 * mixin: where Redis is, the namespace, its shard count. Each comes from the flag, else an environment variable,
 * else the config file ({@code --config FILE}, {@code key=value} lines), else the default, so that a deployment
 * can keep one file next to the applications' own settings and a person can still override one value.
 */
final class ConnectionOptions {

    static final String CA_ENV = "SESSIONKEEPER_REDIS_CA";
    static final String CONFIG_ENV = "SESSIONKEEPER_CONFIG";
    static final int DEFAULT_SHARDS = 16;
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

    @Option(names = "--namespace", paramLabel = "NAME",
            description = "Key prefix of the store, as the applications set it. Default: $" + WorkerCommand.NAMESPACE_ENV
                    + ", else 'namespace' in the config file, else " + WorkerCommand.DEFAULT_NAMESPACE + ".")
    String namespace;

    @Option(names = "--shards", paramLabel = "N",
            description = "The store's shard count, as the applications set it. Default: 'shards' in the config "
                    + "file, else " + DEFAULT_SHARDS + ".")
    Integer shards;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A file of key=value lines (redis, namespace, shards, redis-ca) used for what neither "
                    + "a flag nor the environment gives. Default: $" + CONFIG_ENV + ".")
    Path config;

    /** The settled values, after flag > environment > file > default. */
    record Settings(String redis, String namespace, int shards, Path redisCa, String redisSource) {
    }

    /**
     * @throws ParameterException (exit code 2) for a missing URL, an unreadable config file or a bad value in it
     */
    Settings resolve(Map<String, String> env, CommandSpec spec) {
        Path file = config != null ? config : pathOrNull(env.get(CONFIG_ENV));
        Properties props = file == null ? new Properties() : read(file, spec);
        String url;
        String source;
        if (notBlank(redis)) {
            url = redis.strip();
            source = "--redis";
        } else if (notBlank(env.get(DemoCommand.REDIS_ENV))) {
            url = env.get(DemoCommand.REDIS_ENV).strip();
            source = "$" + DemoCommand.REDIS_ENV;
        } else if (notBlank(props.getProperty("redis"))) {
            url = props.getProperty("redis").strip();
            source = file.toString();
        } else {
            throw new ParameterException(spec.commandLine(), "Missing --redis URL (or " + DemoCommand.REDIS_ENV
                    + ", or redis=URL in a --config file): which Redis do your applications use?");
        }
        String ns = first(namespace, env.get(WorkerCommand.NAMESPACE_ENV), props.getProperty("namespace"),
                WorkerCommand.DEFAULT_NAMESPACE);
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

    /**
     * Connects a store with these settings.
     *
     * @throws ParameterException (exit code 2) for a URL or namespace the store cannot use, or a shard count
     *     other than the namespace's
     */
    static SessionStore connect(Settings s, CommandSpec spec) {
        try {
            var builder = SessionStore.builder().redis(s.redis()).namespace(s.namespace()).shards(s.shards())
                    .connectTimeout(CONNECT_TIMEOUT);
            if (s.redisCa() != null) {
                builder.redisCaCertificate(s.redisCa());
            }
            return builder.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ParameterException(spec.commandLine(), "Invalid option: " + e.getMessage()
                    + (e.getMessage().contains("shards") ? " (--shards)" : ""));
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
