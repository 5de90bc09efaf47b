package dev.sessionkeeper.spring.boot;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Where Redis is, from {@code sessionkeeper.redis.url} or else from Boot's own
 * {@code spring.data.redis.*}: url, host/port/database, username/password, ssl (with a PEM
 * bundle's trust store as the CA), cluster nodes, sentinel. Read through the {@link Binder}
 * rather than Boot's property classes, whose package differs between Boot 3 and Boot 4.
 *
 * @param url the store's Redis URL
 * @param caCertificate a PEM file of CA certificates for TLS, or {@code null} for the JVM's
 */
record RedisSettings(String url, Path caCertificate) {

    private static final String P = "spring.data.redis.";

    static RedisSettings from(Binder binder, SessionKeeperProperties properties) {
        Path ca = caCertificate(binder);
        if (properties.getRedis().getUrl() != null && !properties.getRedis().getUrl().isBlank()) {
            return new RedisSettings(properties.getRedis().getUrl(), ca);
        }
        boolean ssl = binder.bind(P + "ssl.enabled", Boolean.class).orElse(false)
                || binder.bind(P + "ssl.bundle", String.class).isBound();
        String username = binder.bind(P + "username", String.class).orElse(null);
        String password = binder.bind(P + "password", String.class).orElse(null);
        String userInfo = userInfo(username, password);

        List<String> clusterNodes = binder.bind(P + "cluster.nodes", Bindable.listOf(String.class)).orElse(List.of());
        if (!clusterNodes.isEmpty()) {
            return new RedisSettings((ssl ? "rediss-cluster://" : "redis-cluster://") + userInfo
                    + String.join(",", clusterNodes), ca);
        }
        String master = binder.bind(P + "sentinel.master", String.class).orElse(null);
        List<String> sentinels = binder.bind(P + "sentinel.nodes", Bindable.listOf(String.class)).orElse(List.of());
        if (master != null && !sentinels.isEmpty()) {
            String sentinelPassword = binder.bind(P + "sentinel.password", String.class).orElse(password);
            String auth = sentinelPassword == null ? "" : encode(sentinelPassword) + "@";
            return new RedisSettings((ssl ? "rediss-sentinel://" : "redis-sentinel://") + auth
                    + String.join(",", sentinels) + "#" + master, ca);
        }
        String url = binder.bind(P + "url", String.class).orElse(null);
        if (url != null && !url.isBlank()) {
            if (ssl && url.startsWith("redis://")) {
                url = "rediss://" + url.substring("redis://".length());
            }
            return new RedisSettings(url, ca);
        }
        String host = binder.bind(P + "host", String.class).orElse("localhost");
        int port = binder.bind(P + "port", Integer.class).orElse(6379);
        int database = binder.bind(P + "database", Integer.class).orElse(0);
        return new RedisSettings((ssl ? "rediss://" : "redis://") + userInfo + host + ":" + port
                + (database != 0 ? "/" + database : ""), ca);
    }

    private static String userInfo(String username, String password) {
        if (password == null || password.isEmpty()) {
            return "";
        }
        return (username == null || username.isEmpty() ? "" : encode(username)) + ":" + encode(password) + "@";
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * The trust store of the PEM SSL bundle {@code spring.data.redis.ssl.bundle} names, when it
     * is a file. Other bundle kinds are refused with a clear error: the store takes PEM CAs.
     */
    private static Path caCertificate(Binder binder) {
        String bundle = binder.bind(P + "ssl.bundle", String.class).orElse(null);
        if (bundle == null) {
            return null;
        }
        String pem = binder.bind("spring.ssl.bundle.pem." + bundle + ".truststore.certificate", String.class)
                .orElse(null);
        if (pem == null) {
            throw new IllegalStateException("spring.data.redis.ssl.bundle names '" + bundle + "', but sessionkeeper"
                    + " needs a PEM bundle with a truststore.certificate file (spring.ssl.bundle.pem." + bundle
                    + ".truststore.certificate); or set sessionkeeper.redis.url and trust the server's CA in the JVM");
        }
        String path = pem.startsWith("file:") ? pem.substring("file:".length()) : pem;
        if (path.startsWith("classpath:") || path.startsWith("-----BEGIN")) {
            throw new IllegalStateException("the PEM bundle '" + bundle + "' must name its truststore certificate as a"
                    + " file path for sessionkeeper, not " + (path.startsWith("classpath:") ? "a classpath resource"
                    : "inline PEM text"));
        }
        return Path.of(path);
    }
}
