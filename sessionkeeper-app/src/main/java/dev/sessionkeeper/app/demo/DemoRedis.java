package dev.sessionkeeper.app.demo;

import dev.sessionkeeper.app.cli.ConnectionOptions;
import dev.sessionkeeper.process.RedisBinary;
import dev.sessionkeeper.process.StandaloneRedis;

/**
 * The Redis the demo runs against: the one the user named, or a redis-server the demo starts for the run
 * (through the process module, which finds the binary) and stops at the end.
 */
public final class DemoRedis implements AutoCloseable {

    private final String url;
    private final StandaloneRedis embedded;

    private DemoRedis(String url, StandaloneRedis embedded) {
        this.url = url;
        this.embedded = embedded;
    }

    public static DemoRedis given(String url) {
        return new DemoRedis(url, null);
    }

    /**
     * Starts a redis-server on 127.0.0.1 on a free port.
     *
     * @throws EmbeddedRedisException when no binary is usable or the server does not come up
     */
    public static DemoRedis startEmbedded() {
        try {
            StandaloneRedis server = StandaloneRedis.start();
            return new DemoRedis(server.uri(), server);
        } catch (RuntimeException e) {
            throw new EmbeddedRedisException(e);
        }
    }

    public String url() {
        return url;
    }

    /** The resolved settings on this Redis: as they are for the one the user named, else on the embedded one. */
    public ConnectionOptions.Settings settings(ConnectionOptions.Settings resolved) {
        return embedded == null ? resolved : resolved.onEmbedded(url);
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    /** Version of the redis-server binary an embedded Redis runs, e.g. "6.2.6". */
    public static String binaryVersion() {
        return RedisBinary.locate().version();
    }

    /** Where the embedded server's binary came from, in words; only for an embedded Redis. */
    public static String binaryOrigin() {
        RedisBinary binary = RedisBinary.locate();
        String from = switch (binary.source()) {
            case RedisBinary.SOURCE_ENV -> "named by " + RedisBinary.ENV_VAR;
            case RedisBinary.SOURCE_PATH -> "found on the PATH";
            case RedisBinary.SOURCE_EMBEDDED -> "shipped in the embedded-redis jar";
            default -> binary.source();
        };
        return binary.path() + " (" + from + ")";
    }

    /** Stops the embedded server, if any; a Redis the user named is left alone. */
    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
