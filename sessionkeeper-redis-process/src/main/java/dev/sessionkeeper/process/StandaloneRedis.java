package dev.sessionkeeper.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plain redis-server for a program's own use: on {@value RedisProcess#HOST}, on a free port, in a temporary
 * data dir, without persistence (no RDB snapshots, no append-only file). {@link #close()} stops it and deletes
 * the dir; the JVM's exit does both if {@code close()} is never called.
 *
 * <pre>{@code
 * try (StandaloneRedis redis = StandaloneRedis.start()) {
 *     connect(redis.uri());
 * }
 * }</pre>
 */
public final class StandaloneRedis implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StandaloneRedis.class);
    private static final int PORT_ATTEMPTS = 10;

    private final RedisBinary binary;
    private final Path dataDir;
    private final RedisProcess process;
    private boolean closed;

    private StandaloneRedis(RedisBinary binary, Path dataDir, RedisProcess process) {
        this.binary = binary;
        this.dataDir = dataDir;
        this.process = process;
    }

    /**
     * Starts a server with the {@link RedisBinary#locate() located binary} and waits until it answers PING,
     * trying another port when the one chosen is taken before the server binds it.
     *
     * @throws IllegalStateException if no binary is usable, or the server does not come up; the message then
     *     says why (with the end of the server's log when it ran)
     * @return the running server
     */
    public static StandaloneRedis start() {
        RedisBinary binary = RedisBinary.locate();
        Path dir = RedisProcess.createTempDir();
        Path logFile = dir.resolve("redis.log");
        Path console = dir.resolve("redis.out");
        RedisProcess.PortInUseException lastClash = null;
        try {
            for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
                int port = RedisProcess.freePort();
                List<String> arguments = new ArrayList<>(RedisProcess.baseArguments(port, dir, logFile));
                arguments.addAll(List.of("--save", "", "--appendonly", "no"));
                try {
                    return new StandaloneRedis(binary, dir, RedisProcess.start(binary, arguments, dir, port, logFile, console));
                } catch (RedisProcess.PortInUseException e) {
                    log.debug("Port {} was taken before redis-server could bind it, trying another", port);
                    lastClash = e;
                }
            }
        } catch (RuntimeException e) {
            deleteQuietly(dir);
            throw e;
        }
        deleteQuietly(dir);
        throw new IllegalStateException("redis-server found no free port in " + PORT_ATTEMPTS + " attempts", lastClash);
    }

    /**
     * The server's URL.
     *
     * @return {@code redis://127.0.0.1:PORT}
     */
    public String uri() {
        return "redis://" + RedisProcess.HOST + ":" + process.port();
    }

    /**
     * The port the server listens on.
     *
     * @return the port
     */
    public int port() {
        return process.port();
    }

    /**
     * The binary the server runs.
     *
     * @return the located binary
     */
    public RedisBinary binary() {
        return binary;
    }

    /**
     * Whether the server process is alive.
     *
     * @return true until it stopped or died
     */
    public boolean isRunning() {
        return process.isAlive();
    }

    /** Stops the server gracefully and deletes its data dir. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        process.stop();
        deleteQuietly(dataDir);
    }

    @Override
    public String toString() {
        return "StandaloneRedis[" + RedisProcess.HOST + ":" + process.port() + ", " + binary + "]";
    }

    private static void deleteQuietly(Path dir) {
        try {
            RedisProcess.deleteTempDir(dir);
        } catch (IOException e) {
            log.warn("Cannot delete {}: {}", dir, e.toString());
        }
    }
}
