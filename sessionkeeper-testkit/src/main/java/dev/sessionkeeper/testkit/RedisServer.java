package dev.sessionkeeper.testkit;

import dev.sessionkeeper.process.RedisProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real {@code redis-server} process on {@code 127.0.0.1}, on a free port, with its own data dir.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.startStandalone()) {
 *     RedisClient client = RedisClient.create(redis.uri());
 *     ...
 * }
 * }</pre>
 *
 * <p>The process runs the {@link RedisBinary#locate() located binary}, without RDB snapshots, with the
 * append-only file only when {@link Builder#aof(Fsync) asked for}, and logs to {@link #logFile()}. It runs
 * as a {@link RedisProcess}, so it is killed when the JVM exits, even if the test never calls {@link #close()}.
 *
 * <p>Instances are thread-safe.
 */
public final class RedisServer implements AutoCloseable {

    /** The only address the server listens on. */
    public static final String HOST = RedisProcess.HOST;

    private static final Logger log = LoggerFactory.getLogger(RedisServer.class);
    private static final int PORT_ATTEMPTS = 10;
    private static final String LOG_FILE = "redis.log";
    private static final String CONSOLE_FILE = "redis.out";

    private final RedisBinary binary;
    private final Fsync aof;
    private final List<String[]> config;
    private final boolean clusterEnabled;
    private final boolean tls;
    private final String sentinelMonitor;
    private final Duration clusterNodeTimeout;
    private final Path dataDir;
    private final boolean ownsDataDir;

    private RedisProcess process;
    private int port;
    private boolean closed;

    private RedisServer(Builder b) {
        this.binary = RedisBinary.locate();
        this.aof = b.aof;
        this.config = List.copyOf(b.config);
        this.clusterEnabled = b.clusterEnabled;
        this.tls = b.tls;
        this.sentinelMonitor = b.sentinelMonitor;
        this.clusterNodeTimeout = b.clusterNodeTimeout;
        try {
            if (b.dataDir != null) {
                this.dataDir = Files.createDirectories(b.dataDir.toAbsolutePath());
                this.ownsDataDir = false;
            } else {
                this.dataDir = RedisProcess.createTempDir();
                this.ownsDataDir = true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the Redis data dir", e);
        }
    }

    /**
     * A builder for a server that is not started yet.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds and starts a plain standalone server (no persistence).
     *
     * @return the running server; close it to stop it and delete its data
     */
    public static RedisServer startStandalone() {
        return builder().build().start();
    }

    /**
     * Starts the process and waits until it answers PING (at most 15 s).
     *
     * <p>The first start picks a free port (one whose cluster bus port, +10000, is free too) and retries on
     * another if the port is taken in between; later starts reuse the same port and data dir.
     *
     * @return this server
     * @throws IllegalStateException if it is already running, was closed, or did not come up; the message
     *     then carries the end of the Redis log
     */
    public synchronized RedisServer start() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
        if (isRunning()) {
            throw new IllegalStateException(this + " is already running");
        }
        if (port != 0) {
            launch(port);
            return this;
        }
        RedisProcess.PortInUseException lastClash = null;
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            int candidate = RedisProcess.freePort();
            try {
                launch(candidate);
                port = candidate;
                return this;
            } catch (RedisProcess.PortInUseException e) {
                log.debug("Port {} was taken before redis-server could bind it, trying another", candidate);
                lastClash = e;
            }
        }
        throw new IllegalStateException("redis-server found no free port in " + PORT_ATTEMPTS + " attempts", lastClash);
    }

    /**
     * Stops the process gracefully (SHUTDOWN NOSAVE, then SIGTERM, then SIGKILL, each after a bound) and waits
     * for it to exit. Does nothing if it is not running. The data dir stays, so {@link #start()} can follow.
     */
    public synchronized void stop() {
        RedisProcess p = process;
        if (p == null) {
            return;
        }
        p.stop();
        process = null;
        log.debug("Stopped {}", this);
    }

    /**
     * Kills the process with SIGKILL, as a crash would, and waits for it to exit. Whatever Redis had not
     * written to its append-only file is lost. Does nothing if it is not running.
     */
    public synchronized void kill() {
        RedisProcess p = process;
        if (p == null) {
            return;
        }
        p.kill();
        process = null;
        log.debug("Killed {}", this);
    }

    /**
     * Starts the server again on the same port with the same data dir, stopping it first if it runs.
     * After {@link #kill()} this is how a test checks what survives a crash.
     *
     * @return this server
     */
    public synchronized RedisServer restart() {
        stop();
        return start();
    }

    /**
     * Freezes the process with SIGSTOP: connections stay open but nothing is answered, as with a hung server
     * or a long GC-like stall.
     */
    public synchronized void pause() {
        requireRunning();
        process.pause();
    }

    /** Lets a {@link #pause() paused} process go on with SIGCONT. */
    public synchronized void resume() {
        requireRunning();
        process.resume();
    }

    /**
     * Whether the process is alive, including while {@link #pause() paused}.
     *
     * @return true while the process lives
     */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Always {@value #HOST}.
     *
     * @return the loopback address every server listens on
     */
    public String host() {
        return HOST;
    }

    /**
     * The port, fixed by the first {@link #start()}.
     *
     * @throws IllegalStateException if the server was never started
      * @return the plain port, the same across restarts
     */
    public synchronized int port() {
        if (port == 0) {
            throw new IllegalStateException("RedisServer was never started, so it has no port yet");
        }
        return port;
    }

    /**
     * {@code redis://127.0.0.1:PORT}.
     *
     * @return the server's plain URL
     */
    public String uri() {
        return "redis://" + HOST + ":" + port();
    }

    /**
     * {@code rediss://127.0.0.1:TLSPORT}, the TLS port of a server built with
     * {@link Builder#tls()}: the plain port plus one. Verify it with {@link #caCertificate()}.
      *
      * @return the server's TLS URL
      * @throws IllegalStateException when the server was built without TLS
     */
    public String tlsUri() {
        if (!tls) {
            throw new IllegalStateException("this server was built without TLS; use RedisServer.builder().tls()");
        }
        return "rediss://" + HOST + ":" + (port() + 1);
    }

    /**
     * The PEM file of the CA that signed a TLS server's certificate (made for this server alone).
     *
     * @return the CA certificate's PEM file
     * @throws IllegalStateException when the server was built without TLS
     */
    public Path caCertificate() {
        if (!tls) {
            throw new IllegalStateException("this server was built without TLS; use RedisServer.builder().tls()");
        }
        return TlsMaterial.createIn(dataDir.resolve("tls")).caCertificate;
    }

    /**
     * The directory holding the append-only file, cluster {@code nodes.conf} and logs.
     *
     * @return the data directory
     */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * The file Redis logs to. It survives restarts, which append to it.
     *
     * @return the log file, which may not exist before the first start
     */
    public Path logFile() {
        return dataDir.resolve(LOG_FILE);
    }

    /**
     * The last {@code lines} lines of the Redis log, preceded by anything the process printed to its console
     * (where Redis reports a bad configuration before it opens its log file).
      *
      * @param lines how many lines of each
      * @return the tail, for a failing test's report
     */
    public String logTail(int lines) {
        return RedisProcess.logTail(dataDir.resolve(CONSOLE_FILE), logFile(), lines);
    }

    /**
     * Removes all keys (FLUSHALL).
     *
     * @throws IllegalStateException if the server is not running or refuses
     */
    public void flushAll() {
        requireRunning();
        String reply;
        try {
            reply = RespClient.command(HOST, port(), Duration.ofSeconds(10), "FLUSHALL");
        } catch (IOException e) {
            throw new UncheckedIOException("FLUSHALL on " + this + " failed", e);
        }
        if (!"+OK".equals(reply)) {
            throw new IllegalStateException("FLUSHALL on " + this + " answered " + reply);
        }
    }

    /**
     * Stops the server and deletes its data dir, unless the dir was given to {@link Builder#dataDir(Path)}.
     * Idempotent; a closed server cannot be started again.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        stop();
        closed = true;
        if (ownsDataDir) {
            try {
                RedisProcess.deleteTempDir(dataDir);
            } catch (IOException e) {
                log.warn("Cannot delete {}: {}", dataDir, e.toString());
            }
        }
    }

    @Override
    public synchronized String toString() {
        return "RedisServer[" + HOST + ":" + (port == 0 ? "?" : port) + (clusterEnabled ? ", cluster" : "")
                + (isRunning() ? (process.isPaused() ? ", paused" : ", running") : ", stopped") + "]";
    }

    synchronized long pid() {
        requireRunning();
        return process.pid();
    }

    boolean clusterEnabled() {
        return clusterEnabled;
    }

    private void launch(int candidatePort) {
        process = RedisProcess.start(binary.resolved(), command(candidatePort), dataDir, candidatePort, logFile(),
                dataDir.resolve(CONSOLE_FILE));
        log.debug("Started {} (pid {}) in {}", this, process.pid(), dataDir);
    }

    private List<String> command(int p) {
        List<String> cmd = new ArrayList<>();
        if (sentinelMonitor != null) {
            // Sentinel rewrites its configuration file as it learns the topology, so it needs one
            // of its own; the monitored master is given there, the rest on the command line.
            Path conf = dataDir.resolve("sentinel.conf");
            try {
                if (!Files.exists(conf)) {
                    Files.writeString(conf, "sentinel monitor " + sentinelMonitor + "\n"
                            + "sentinel down-after-milliseconds " + SentinelGroup.MASTER_NAME + " 1000\n"
                            + "sentinel failover-timeout " + SentinelGroup.MASTER_NAME + " 3000\n"
                            + "sentinel parallel-syncs " + SentinelGroup.MASTER_NAME + " 1\n", StandardCharsets.US_ASCII);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            cmd.add(conf.toString());
            cmd.add("--sentinel");
        }
        cmd.addAll(RedisProcess.baseArguments(p, dataDir, logFile()));
        if (majorVersion(binary.version()) >= 7) {
            // Redis 7 refuses DEBUG unless enabled; the fault tests freeze a server with DEBUG SLEEP. 'local'
            // admits only loopback clients, which every test client is.
            add(cmd, "enable-debug-command", "local");
        }
        if (sentinelMonitor != null) {
            return withConfig(cmd);
        }
        add(cmd, "save", "");
        if (aof == null) {
            add(cmd, "appendonly", "no");
        } else {
            add(cmd, "appendonly", "yes");
            add(cmd, "appendfsync", aof.directive());
        }
        if (tls) {
            TlsMaterial m = TlsMaterial.createIn(dataDir.resolve("tls"));
            add(cmd, "tls-port", Integer.toString(p + 1));
            add(cmd, "tls-cert-file", m.serverCertificate.toString());
            add(cmd, "tls-key-file", m.serverKey.toString());
            add(cmd, "tls-ca-cert-file", m.caCertificate.toString());
            add(cmd, "tls-auth-clients", "no");
        }
        if (clusterEnabled) {
            add(cmd, "cluster-enabled", "yes");
            add(cmd, "cluster-config-file", "nodes.conf");
            add(cmd, "cluster-node-timeout", Long.toString(clusterNodeTimeout.toMillis()));
        }
        return withConfig(cmd);
    }

    private List<String> withConfig(List<String> cmd) {
        // Last, so that a directive given here overrides the defaults above.
        for (String[] directive : config) {
            cmd.add("--" + directive[0]);
            for (int i = 1; i < directive.length; i++) {
                cmd.add(directive[i]);
            }
        }
        return cmd;
    }

    private static int majorVersion(String version) {
        int dot = version.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void add(List<String> cmd, String key, String value) {
        cmd.add("--" + key);
        cmd.add(value);
    }

    private void requireRunning() {
        if (!isRunning()) {
            throw new IllegalStateException(this + " is not running");
        }
    }

    /** Configures a {@link RedisServer} before it is started. */
    public static final class Builder {
        private Fsync aof;
        private final List<String[]> config = new ArrayList<>();
        private boolean clusterEnabled;
        private boolean tls;
        private String sentinelMonitor;
        private Duration clusterNodeTimeout = Duration.ofMillis(2000);
        private Path dataDir;

        private Builder() {
        }

        /**
         * Turns on the append-only file with the given fsync policy (off by default).
         *
         * @param fsync the fsync policy
         * @return this builder
         */
        public Builder aof(Fsync fsync) {
            this.aof = Objects.requireNonNull(fsync, "fsync");
            return this;
        }

        /**
         * Adds a configuration directive, passed as {@code --key value}; it overrides the test kit's own.
         * A value with spaces is passed as several arguments, as in redis.conf (e.g. {@code "save", "60 1"}).
          *
          * @param key the directive, with or without {@code --}
          * @param value its value; empty for an empty argument
          * @return this builder
         */
        public Builder config(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            List<String> parts = new ArrayList<>();
            parts.add(key.startsWith("--") ? key.substring(2) : key);
            if (value.isEmpty()) {
                parts.add("");
            } else {
                parts.addAll(List.of(value.trim().split("\\s+")));
            }
            config.add(parts.toArray(String[]::new));
            return this;
        }

        /**
         * Also listens with TLS on the port after the plain one, with a certificate for
         * 127.0.0.1 from a CA made for this server ({@link RedisServer#tlsUri()},
         * {@link RedisServer#caCertificate()}). Needs the {@code openssl} command; the
         * embedded binary links OpenSSL 3.
          *
          * @return this builder
         */
        public Builder tls() {
            this.tls = true;
            return this;
        }

        /**
         * Runs the process as a Sentinel watching the master at {@code masterPort} on 127.0.0.1
         * under the name {@link SentinelGroup#MASTER_NAME}, with quick failure detection (1 s).
         * {@link SentinelGroup} builds a whole group.
          *
          * @param masterPort the watched master's port
          * @param quorum how many Sentinels must agree that it is down
          * @return this builder
         */
        public Builder sentinelFor(int masterPort, int quorum) {
            this.sentinelMonitor = SentinelGroup.MASTER_NAME + " " + HOST + " " + masterPort + " " + quorum;
            return this;
        }

        /**
         * Starts the server with {@code cluster-enabled yes}, as {@link RedisCluster} does.
         *
         * @param enabled true for a cluster node
         * @return this builder
         */
        public Builder clusterEnabled(boolean enabled) {
            this.clusterEnabled = enabled;
            return this;
        }

        /**
         * {@code cluster-node-timeout} for a cluster-enabled server; 2 s by default to keep failovers quick.
         *
         * @param timeout a positive timeout
         * @return this builder
         * @throws IllegalArgumentException when not positive
         */
        public Builder clusterNodeTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("cluster node timeout must be positive: " + timeout);
            }
            this.clusterNodeTimeout = timeout;
            return this;
        }

        /**
         * Uses this directory (created if missing) instead of a fresh temporary one. It is not deleted by
         * {@link RedisServer#close()}.
          *
          * @param dir the directory to keep the server's files in
          * @return this builder
         */
        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * Creates the server, not started; {@link RedisServer#start()} starts it.
         *
         * @return the server, not started
         */
        public RedisServer build() {
            return new RedisServer(this);
        }
    }
}
