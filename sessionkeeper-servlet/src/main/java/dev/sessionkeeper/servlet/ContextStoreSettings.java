package dev.sessionkeeper.servlet;

import dev.sessionkeeper.SessionStoreBuilder;
import jakarta.servlet.ServletContext;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Where a web application's store is: each setting from the context-param
 * {@code sessionkeeper.NAME}, else the environment variable the sessionkeeper command reads, else
 * the config file ({@code sessionkeeper.config} or {@code $SESSIONKEEPER_CONFIG}: the
 * {@code key=value} lines the command reads), else the default. The same order as the command's
 * (its flags are the context-params here), so that an application and the worker beside it can
 * share one environment or one file.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>context-param</th><th>environment</th><th>file key</th><th>default</th></tr>
 *   <tr><td>sessionkeeper.redis</td><td>SESSIONKEEPER_REDIS</td><td>redis</td><td>none: required</td></tr>
 *   <tr><td>sessionkeeper.namespace</td><td>SESSIONKEEPER_NAMESPACE</td><td>namespace</td><td>sk</td></tr>
 *   <tr><td>sessionkeeper.shards</td><td></td><td>shards</td><td>16</td></tr>
 *   <tr><td>sessionkeeper.redisCa</td><td>SESSIONKEEPER_REDIS_CA</td><td>redis-ca</td><td>the JVM's trust store</td></tr>
 * </table>
 * The idle timeout is web.xml's {@code <session-timeout>} when the application sets one.
 */
record ContextStoreSettings(String redis, String redisSource, String namespace, Integer shards, Path redisCa,
                            Duration idleTimeout) {

    static final String PREFIX = "sessionkeeper.";
    private static final Set<String> FILE_KEYS = Set.of("redis", "namespace", "shards", "redis-ca");

    static ContextStoreSettings read(ServletContext context, Map<String, String> env) {
        String fileName = first(context.getInitParameter(PREFIX + "config"), env.get("SESSIONKEEPER_CONFIG"));
        Properties file = fileName == null ? new Properties() : load(Path.of(fileName));
        String redis;
        String source;
        if (notBlank(context.getInitParameter(PREFIX + "redis"))) {
            redis = context.getInitParameter(PREFIX + "redis").strip();
            source = "context-param " + PREFIX + "redis";
        } else if (notBlank(env.get("SESSIONKEEPER_REDIS"))) {
            redis = env.get("SESSIONKEEPER_REDIS").strip();
            source = "$SESSIONKEEPER_REDIS";
        } else if (notBlank(file.getProperty("redis"))) {
            redis = file.getProperty("redis").strip();
            source = "config file " + fileName;
        } else {
            throw new IllegalStateException("sessionkeeper: no Redis named for this web application: set the context-param "
                    + PREFIX + "redis, the environment variable SESSIONKEEPER_REDIS, or redis=URL in the file named by "
                    + PREFIX + "config or $SESSIONKEEPER_CONFIG");
        }
        String namespace = first(context.getInitParameter(PREFIX + "namespace"), env.get("SESSIONKEEPER_NAMESPACE"),
                file.getProperty("namespace"));
        String shards = first(context.getInitParameter(PREFIX + "shards"), file.getProperty("shards"));
        String ca = first(context.getInitParameter(PREFIX + "redisCa"), env.get("SESSIONKEEPER_REDIS_CA"),
                file.getProperty("redis-ca"));
        int timeoutMinutes = context.getSessionTimeout();
        return new ContextStoreSettings(redis, source, namespace == null ? "sk" : namespace,
                shards == null ? null : shards(shards), ca == null ? null : Path.of(ca),
                timeoutMinutes > 0 ? Duration.ofMinutes(timeoutMinutes) : null);
    }

    SessionStoreBuilder apply(SessionStoreBuilder b) {
        b.redis(redis).namespace(namespace);
        if (shards != null) {
            b.shards(shards);
        }
        if (redisCa != null) {
            b.redisCaCertificate(redisCa);
        }
        if (idleTimeout != null) {
            b.idleTimeout(idleTimeout);
        }
        return b;
    }

    private static Properties load(Path file) {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            props.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("sessionkeeper: cannot read the config file " + file + ": " + e, e);
        }
        for (String key : props.stringPropertyNames()) {
            if (!FILE_KEYS.contains(key)) {
                throw new IllegalStateException("sessionkeeper: unknown key '" + key + "' in " + file
                        + " (known: redis, namespace, shards, redis-ca)");
            }
        }
        return props;
    }

    private static int shards(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("sessionkeeper: shards must be a number, got: " + v, e);
        }
    }

    private static String first(String... values) {
        for (String v : values) {
            if (notBlank(v)) {
                return v.strip();
            }
        }
        return null;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
