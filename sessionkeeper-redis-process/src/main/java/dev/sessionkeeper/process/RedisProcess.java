package dev.sessionkeeper.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running {@code redis-server} process listening on {@value #HOST}: started, waited for until it answers
 * PING, and stopped gracefully or killed.
 *
 * <p>What the server is configured with is the caller's choice; {@link #baseArguments(int, Path, Path)} gives
 * the part every caller needs. Every process started here is killed when the JVM exits, even if
 * {@link #stop()} is never called.
 *
 * <p>Instances are thread-safe.
 */
public final class RedisProcess {

    /** The only address a server started here listens on. */
    public static final String HOST = "127.0.0.1";

    /** How long {@link #start} waits for the first PONG. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private static final Logger log = LoggerFactory.getLogger(RedisProcess.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    // Below the Linux (32768+) and macOS (49152+) ephemeral ranges, bus port included, so client sockets
    // opened meanwhile cannot grab a port that a restart needs back.
    private static final int MIN_PORT = 10240;
    private static final int MAX_PORT = 22000;
    private static final int CLUSTER_BUS_OFFSET = 10000;

    private final Process process;
    private final int port;
    private boolean paused;

    private RedisProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Runs {@code binary} with {@code arguments} in {@code workDir}, its console output appended to
     * {@code consoleFile}, and waits until it answers PING on {@value #HOST}:{@code port} (at most
     * {@link #START_TIMEOUT}); a reply of NOAUTH (a server given a password) counts as up.
     *
     * @param binary the executable to run
     * @param arguments its arguments, e.g. {@link #baseArguments(int, Path, Path)} and more
     * @param workDir the process's working directory
     * @param port the port the arguments make it listen on
     * @param consoleFile the file its standard output and error are appended to
     * @param logFile the file the arguments tell Redis to log to; its new lines tell a port clash apart from
     *     other failures, and its end is quoted when the server does not come up
     * @throws PortInUseException if the server exited because the port (or its cluster bus port) was taken
     * @throws IllegalStateException if the server exited or did not answer in time; the message then carries
     *     the end of its console output and log
     * @return the running process
     */
    public static RedisProcess start(RedisBinary binary, List<String> arguments, Path workDir, int port,
            Path logFile, Path consoleFile) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.path().toString());
        cmd.addAll(arguments);
        long logOffset = size(logFile);
        Process p;
        try {
            p = new ProcessBuilder(cmd)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(consoleFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + binary.path(), e);
        }
        ProcessReaper.register(p);
        try {
            awaitReady(p, binary, port, logFile, consoleFile, logOffset);
        } catch (RuntimeException e) {
            p.destroyForcibly();
            awaitExit(p, STOP_TIMEOUT);
            throw e;
        }
        log.debug("Started redis-server on {}:{} (pid {}) in {}", HOST, port, p.pid(), workDir);
        return new RedisProcess(p, port);
    }

    /**
     * The arguments every server started here carries: {@code port}, bound to {@value #HOST} only, working
     * in {@code dir} and logging to {@code logFile}, in the foreground, with protected mode off (it is
     * reachable from this machine alone).
     *
     * @param port the port to listen on
     * @param dir the working directory (data files, {@code nodes.conf})
     * @param logFile the file to log to
     * @return the arguments, {@code --name value} pairs
     */
    public static List<String> baseArguments(int port, Path dir, Path logFile) {
        return List.of(
                "--port", Integer.toString(port),
                "--bind", HOST,
                "--dir", dir.toString(),
                "--logfile", logFile.toString(),
                "--protected-mode", "no",
                "--daemonize", "no");
    }

    /**
     * A port on {@value #HOST} that is free now, as are the next one (a TLS port) and the one 10000 above
     * (a cluster bus port). Another process may take it before a server binds it: {@link #start} then
     * throws {@link PortInUseException}, and the caller tries another.
     *
     * @return the port
     * @throws IllegalStateException if 200 random candidates were all taken
     */
    public static int freePort() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 200; i++) {
            int candidate = random.nextInt(MIN_PORT, MAX_PORT);
            if (isFree(candidate) && isFree(candidate + 1) && isFree(candidate + CLUSTER_BUS_OFFSET)) {
                return candidate;
            }
        }
        throw new IllegalStateException("No free port pair (p, p+" + CLUSTER_BUS_OFFSET + ") with p in ["
                + MIN_PORT + ", " + MAX_PORT + ")");
    }

    /**
     * Creates a fresh temporary directory for a server's data, deleted when the JVM exits unless
     * {@link #deleteTempDir(Path)} deleted it before.
     *
     * @return the new directory
     */
    public static Path createTempDir() {
        try {
            Path dir = Files.createTempDirectory("sessionkeeper-redis-");
            ProcessReaper.registerTempDir(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the Redis data dir", e);
        }
    }

    /**
     * Deletes a directory from {@link #createTempDir()} with everything in it.
     *
     * @param dir the directory
     * @throws IOException if something in it cannot be deleted
     */
    public static void deleteTempDir(Path dir) throws IOException {
        ProcessReaper.deleteTempDir(dir);
    }

    /**
     * The last {@code lines} lines of a server's log, preceded by those of its console output (where Redis
     * reports a bad configuration before it opens its log file) when there are any.
     *
     * @param consoleFile the file the process's output went to
     * @param logFile the file Redis logged to
     * @param lines how many lines of each
     * @return the lines, each ending in a newline
     */
    public static String logTail(Path consoleFile, Path logFile, int lines) {
        StringBuilder sb = new StringBuilder();
        List<String> console = tail(consoleFile, lines);
        if (!console.isEmpty()) {
            sb.append("[console]\n");
            console.forEach(l -> sb.append(l).append('\n'));
            sb.append("[log]\n");
        }
        tail(logFile, lines).forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }

    /**
     * The port the server listens on.
     *
     * @return the port given to {@link #start}
     */
    public int port() {
        return port;
    }

    /**
     * The operating system's id of the process.
     *
     * @return the pid
     */
    public long pid() {
        return process.pid();
    }

    /**
     * Whether the process is alive, including while {@link #pause() paused}.
     *
     * @return true until it exited
     */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Stops the process gracefully (SHUTDOWN NOSAVE, then SIGTERM, then SIGKILL, each after a bound) and waits
     * for it to exit. Does nothing if it has exited already.
     */
    public synchronized void stop() {
        if (!process.isAlive()) {
            return;
        }
        if (paused) {
            signal("CONT");
            paused = false;
        }
        try {
            Resp.command(HOST, port, Duration.ofSeconds(2), "SHUTDOWN", "NOSAVE");
        } catch (IOException e) {
            log.debug("SHUTDOWN on port {} failed ({}), falling back to signals", port, e.toString());
        }
        if (!awaitExit(process, STOP_TIMEOUT)) {
            process.destroy();
            if (!awaitExit(process, STOP_TIMEOUT)) {
                log.warn("redis-server on port {} ignored SHUTDOWN and SIGTERM, killing it", port);
                process.destroyForcibly();
                awaitExit(process, STOP_TIMEOUT);
            }
        }
    }

    /**
     * Kills the process with SIGKILL, as a crash would, and waits for it to exit. Whatever Redis had not
     * written to its append-only file is lost.
     *
     * @throws IllegalStateException if it is still alive after the wait
     */
    public synchronized void kill() {
        process.destroyForcibly();
        if (!awaitExit(process, STOP_TIMEOUT)) {
            throw new IllegalStateException("redis-server on port " + port + " (pid " + process.pid()
                    + ") did not die after SIGKILL");
        }
        paused = false;
    }

    /**
     * Freezes the process with SIGSTOP: connections stay open but nothing is answered, as with a hung server.
     * Does nothing if it is paused already.
     */
    public synchronized void pause() {
        if (!paused) {
            signal("STOP");
            paused = true;
        }
    }

    /** Lets a {@link #pause() paused} process go on with SIGCONT; does nothing if it is not paused. */
    public synchronized void resume() {
        if (paused) {
            signal("CONT");
            paused = false;
        }
    }

    /**
     * Whether the process is {@link #pause() paused}.
     *
     * @return true between pause and resume (or stop)
     */
    public synchronized boolean isPaused() {
        return paused;
    }

    private static void awaitReady(Process p, RedisBinary binary, int port, Path logFile, Path consoleFile,
            long logOffset) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                String newLog = readFrom(logFile, logOffset);
                if (newLog.contains("Address already in use")) {
                    throw new PortInUseException(port);
                }
                throw new IllegalStateException("redis-server on port " + port + " exited with code "
                        + p.exitValue() + " while starting. " + binary + ". Log:\n" + logTail(consoleFile, logFile, 50));
            }
            try {
                String reply = Resp.command(HOST, port, Duration.ofSeconds(1), "PING");
                if (reply != null && (reply.equals("+PONG") || reply.startsWith("-NOAUTH")) && p.isAlive()) {
                    return;
                }
            } catch (IOException notListeningYet) {
                log.trace("redis-server on port {} not answering yet: {}", port, notListeningYet.toString());
            }
            sleep(10);
        }
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING within "
                + START_TIMEOUT.toSeconds() + " s. " + binary + ". Log:\n" + logTail(consoleFile, logFile, 50));
    }

    private void signal(String signal) {
        long pid = process.pid();
        try {
            Process k = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
            if (!k.waitFor(5, TimeUnit.SECONDS) || k.exitValue() != 0) {
                k.destroyForcibly();
                String out = new String(k.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run kill -" + signal + " " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending SIG" + signal + " to " + pid, e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean awaitExit(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for redis-server", e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0L;
        } catch (IOException e) {
            return 0L;
        }
    }

    private static String readFrom(Path file, long offset) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            byte[] all = Files.readAllBytes(file);
            int from = (int) Math.min(offset, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static List<String> tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return List.of();
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return all.subList(Math.max(0, all.size() - Math.max(0, lines)), all.size());
        } catch (IOException | UncheckedIOException e) {
            return List.of("(cannot read " + file + ": " + e + ")");
        }
    }

    /** The port a server was to listen on, or its cluster bus port, was taken by the time it tried to bind. */
    public static final class PortInUseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /**
         * For the server that was to listen on {@code port}.
         *
         * @param port the port it was to listen on
         */
        public PortInUseException(int port) {
            super("Port " + port + " or its cluster bus port is already in use", null, false, false);
        }
    }
}
