package dev.sessionkeeper.internal;

import io.lettuce.core.RedisURI;

import java.util.ArrayList;
import java.util.List;

/**
 * Where Redis is, parsed from one URL:
 * <ul>
 *   <li>{@code redis://[user:password@]host:port[/db]} and {@code rediss://...} (TLS): one
 *       server; if that server turns out to be a cluster node, the cluster is used;</li>
 *   <li>{@code redis-sentinel://[password@]host:port,host:port#master} and
 *       {@code rediss-sentinel://...}: a master managed by Sentinel, followed across failovers;</li>
 *   <li>{@code redis-cluster://[user:password@]host:port,host:port,...} and
 *       {@code rediss-cluster://...}: seed nodes of a Redis Cluster. A comma-separated host
 *       list under {@code redis://} means the same.</li>
 * </ul>
 */
public final class RedisLocation {

    private final List<RedisURI> uris;
    private final boolean cluster;
    private final String redacted;

    private RedisLocation(List<RedisURI> uris, boolean cluster, String redacted) {
        this.uris = List.copyOf(uris);
        this.cluster = cluster;
        this.redacted = redacted;
    }

    public static RedisLocation parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("Redis URL is empty; give one like redis://localhost:6379");
        }
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            throw new IllegalArgumentException("Redis URL '" + redact(url) + "' has no scheme; use redis://host:port,"
                    + " rediss://host:port (TLS), redis-cluster://host:port,host:port or"
                    + " redis-sentinel://host:port,host:port#master");
        }
        String scheme = url.substring(0, schemeEnd);
        String rest = url.substring(schemeEnd + 3);
        boolean tls;
        boolean cluster;
        switch (scheme) {
            case "redis" -> { tls = false; cluster = false; }
            case "rediss" -> { tls = true; cluster = false; }
            case "redis-cluster" -> { tls = false; cluster = true; }
            case "rediss-cluster" -> { tls = true; cluster = true; }
            case "redis-sentinel", "rediss-sentinel" -> {
                return sentinel(url);
            }
            default -> throw new IllegalArgumentException("unsupported Redis URL scheme '" + scheme
                    + "'; use redis, rediss, redis-cluster, rediss-cluster, redis-sentinel or rediss-sentinel");
        }
        int at = rest.lastIndexOf('@');
        String userInfo = at >= 0 ? rest.substring(0, at + 1) : "";
        String hosts = at >= 0 ? rest.substring(at + 1) : rest;
        if (hosts.contains(",")) {
            cluster = true;
        }
        String base = tls ? "rediss://" : "redis://";
        List<RedisURI> uris = new ArrayList<>();
        try {
            if (!cluster) {
                uris.add(RedisURI.create(base + rest));
            } else {
                for (String host : hosts.split(",")) {
                    if (host.isBlank() || host.contains("/")) {
                        throw new IllegalArgumentException("cluster seed '" + host + "' must be host:port (no database number)");
                    }
                    uris.add(RedisURI.create(base + userInfo + host.trim()));
                }
            }
            for (RedisURI uri : uris) {
                String host = uri.getHost();
                // Lettuce takes "host:notaport" as a host name; only an IPv6 literal may hold a colon.
                boolean badHost = host == null || host.isBlank() || (host.contains(":") && !host.matches("[0-9a-fA-F:.]+"));
                if (badHost || uri.getPort() < 1 || uri.getPort() > 65535) {
                    throw new IllegalArgumentException("expected host:port");
                }
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot parse Redis URL '" + redact(url) + "': " + e.getMessage(), e);
        }
        return new RedisLocation(uris, cluster, redact(url));
    }

    /**
     * A Sentinel-managed master: Lettuce asks the Sentinels where the master is, at connect and
     * again at every reconnect, so a failover is followed without a restart.
     */
    private static RedisLocation sentinel(String url) {
        if (!url.contains("#")) {
            throw new IllegalArgumentException("Sentinel URL '" + redact(url) + "' names no master: end it with #mastername");
        }
        try {
            return new RedisLocation(List.of(RedisURI.create(url)), false, redact(url));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot parse Redis URL '" + redact(url) + "': " + e.getMessage(), e);
        }
    }

    public List<RedisURI> uris() {
        return uris;
    }

    public boolean cluster() {
        return cluster;
    }

    /** The URL with any password masked: safe for logs and error messages. */
    @Override
    public String toString() {
        return redacted;
    }

    static String redact(String url) {
        int schemeEnd = url.indexOf("://");
        int at = url.lastIndexOf('@');
        if (schemeEnd < 0 || at < schemeEnd) {
            return url;
        }
        String userInfo = url.substring(schemeEnd + 3, at);
        int colon = userInfo.indexOf(':');
        String user = colon >= 0 ? userInfo.substring(0, colon) + ":***" : "***";
        return url.substring(0, schemeEnd + 3) + user + url.substring(at);
    }
}
