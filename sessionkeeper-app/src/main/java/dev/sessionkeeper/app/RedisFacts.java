package dev.sessionkeeper.app;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the demo says about the Redis it uses: product and version, and whether it is a cluster. The store
 * does not expose these, so they are read here with one INFO call on the first node of the URL.
 *
 * @param product "Redis" or "Valkey"
 * @param version e.g. "7.2.4", or "unknown" when INFO could not be read (e.g. forbidden by an ACL)
 * @param cluster true for a Redis Cluster, whether the URL says so or the node reports it
 */
record RedisFacts(String product, String version, boolean cluster) {

    private static final Logger log = LoggerFactory.getLogger(RedisFacts.class);

    /** "standalone" or "cluster". */
    String mode() {
        return cluster ? "cluster" : "standalone";
    }

    String describe() {
        return product + ("unknown".equals(version) ? "" : " " + version);
    }

    /**
     * Never fails: what cannot be read is reported as unknown.
     *
     * @param ca the PEM file of the CA of a TLS Redis (--redis-ca), as the store trusts it; null for the JVM's
     */
    static RedisFacts read(String url, Path ca, Duration timeout) {
        boolean clusterUrl = url.startsWith("redis-cluster://") || url.startsWith("rediss-cluster://");
        String single = url.replaceFirst("^redis-cluster://", "redis://").replaceFirst("^rediss-cluster://", "rediss://");
        int schemeEnd = single.indexOf("://") + 3;
        int at = single.lastIndexOf('@');
        int hostsStart = at >= schemeEnd ? at + 1 : schemeEnd;
        int comma = single.indexOf(',', hostsStart);
        if (comma >= 0) {
            clusterUrl = true;
            single = single.substring(0, comma);
        }
        ClientResources resources = DefaultClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1).build();
        RedisClient client = null;
        try {
            RedisURI uri = RedisURI.create(single);
            uri.setTimeout(timeout);
            client = RedisClient.create(resources, uri);
            if (ca != null) {
                client.setOptions(ClientOptions.builder()
                        .sslOptions(SslOptions.builder().jdkSslProvider().trustManager(ca.toFile()).build()).build());
            }
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                String server = connection.sync().info("server");
                String clusterInfo = connection.sync().info("cluster");
                String valkey = field(server, "valkey_version");
                return new RedisFacts(valkey != null ? "Valkey" : "Redis",
                        valkey != null ? valkey : orUnknown(field(server, "redis_version")),
                        clusterUrl || "1".equals(field(clusterInfo, "cluster_enabled")));
            }
        } catch (RuntimeException e) {
            log.debug("cannot read INFO from {}: {}", Redaction.url(single), e.toString());
            return new RedisFacts("Redis", "unknown", clusterUrl);
        } finally {
            if (client != null) {
                client.shutdown(0, 500, TimeUnit.MILLISECONDS);
            }
            resources.shutdown(0, 500, TimeUnit.MILLISECONDS);
        }
    }

    private static String field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return null;
    }

    private static String orUnknown(String value) {
        return value == null || value.isBlank() ? "unknown" : value;
    }
}
