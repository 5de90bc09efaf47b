package dev.sessionkeeper.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code redis-server} executable that every {@link RedisProcess} of this JVM runs.
 *
 * <p>It is resolved once, in this order:
 * <ol>
 *   <li>the path in the environment variable {@value #ENV_VAR}, or the embedded binary when that variable is
 *       {@value #EMBEDDED_VALUE} (so a machine with a newer {@code redis-server} on the {@code PATH} can still
 *       run a suite on the 6.2 floor);</li>
 *   <li>{@code redis-server} found on the {@code PATH};</li>
 *   <li>the binary shipped inside the {@code com.github.codemonstur:embedded-redis} jar on the classpath,
 *       extracted to {@code ${java.io.tmpdir}/sessionkeeper-redis/}.</li>
 * </ol>
 * Redis 6.2 is the oldest version sessionkeeper supports.
 */
public final class RedisBinary {

    /** Environment variable naming a {@code redis-server} executable to use instead of any other. */
    public static final String ENV_VAR = "SESSIONKEEPER_REDIS_SERVER";

    /** The value of {@value #ENV_VAR} that selects the binary shipped in the embedded-redis jar. */
    public static final String EMBEDDED_VALUE = "embedded";

    /** {@link #source()} of a binary named by {@value #ENV_VAR}. */
    public static final String SOURCE_ENV = "env";
    /** {@link #source()} of a binary found on the {@code PATH}. */
    public static final String SOURCE_PATH = "PATH";
    /** {@link #source()} of the binary extracted from the embedded-redis jar. */
    public static final String SOURCE_EMBEDDED = "embedded";

    private static final Logger log = LoggerFactory.getLogger(RedisBinary.class);
    private static final Pattern VERSION = Pattern.compile("\\bv=(\\d+(?:\\.\\d+)*)");
    private static final Object LOCK = new Object();
    private static volatile RedisBinary located;

    private final Path path;
    private final String version;
    private final String source;

    private RedisBinary(Path path, String version, String source) {
        this.path = path;
        this.version = version;
        this.source = source;
    }

    /**
     * Resolves the binary on first call and returns the same instance afterwards.
     *
     * @throws IllegalStateException if no usable binary is found, e.g. on a platform the embedded jar has
     *     no binary for while nothing is on the {@code PATH}
     * @return the binary this JVM uses for every server it starts
     */
    public static RedisBinary locate() {
        RedisBinary result = located;
        if (result == null) {
            synchronized (LOCK) {
                result = located;
                if (result == null) {
                    result = resolve();
                    log.info("Using redis-server {} from {} ({})", result.version, result.path, result.source);
                    located = result;
                }
            }
        }
        return result;
    }

    /**
     * Absolute path of the executable.
     *
     * @return the path of an executable file
     */
    public Path path() {
        return path;
    }

    /**
     * Version the binary reports, e.g. {@code "6.2.11"}.
     *
     * @return the version, as {@code redis-server --version} prints it
     */
    public String version() {
        return version;
    }

    /**
     * Where the binary came from.
     *
     * @return {@value #SOURCE_ENV}, {@value #SOURCE_PATH} or {@value #SOURCE_EMBEDDED}
     */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "redis-server " + version + " at " + path + " (" + source + ")";
    }

    private static RedisBinary resolve() {
        return resolve(System.getenv(ENV_VAR), System.getenv("PATH"),
                System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    // The environment and platform come in as arguments so that a test can walk every branch of the order.
    static RedisBinary resolve(String fromEnv, String pathVar, String osName, String osArch) {
        if (fromEnv != null && fromEnv.trim().equals(EMBEDDED_VALUE)) {
            return create(extractEmbedded(osName, osArch), SOURCE_EMBEDDED);
        }
        if (fromEnv != null && !fromEnv.isBlank()) {
            Path p = Paths.get(fromEnv.trim()).toAbsolutePath();
            if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
                throw new IllegalStateException(ENV_VAR + "=" + fromEnv + " is not an executable file: name a redis-server"
                        + " binary, or set it to '" + EMBEDDED_VALUE + "' for the one in the embedded-redis jar");
            }
            return create(p, SOURCE_ENV);
        }
        Optional<Path> onPath = findOnPath(pathVar);
        if (onPath.isPresent()) {
            return create(onPath.get(), SOURCE_PATH);
        }
        return create(extractEmbedded(osName, osArch), SOURCE_EMBEDDED);
    }

    private static RedisBinary create(Path path, String source) {
        return new RedisBinary(path, readVersion(path), source);
    }

    private static Optional<Path> findOnPath(String pathVar) {
        if (pathVar == null) {
            return Optional.empty();
        }
        return Arrays.stream(pathVar.split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Paths.get(dir, "redis-server"))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
                .map(Path::toAbsolutePath)
                .findFirst();
    }

    static String embeddedResourceName(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        boolean amd64 = arch.equals("amd64") || arch.equals("x86_64");
        boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
        boolean x86 = arch.equals("x86") || arch.equals("i386") || arch.equals("i686");
        if (os.contains("linux")) {
            if (amd64) {
                return "redis-server-6.2.6-v5-linux-amd64";
            }
            if (arm64) {
                return "redis-server-6.2.7-linux-arm64";
            }
            if (x86) {
                return "redis-server-6.2.7-linux-386";
            }
        } else if (os.contains("mac") || os.contains("darwin")) {
            if (amd64) {
                return "redis-server-6.2.6-v5-darwin-amd64";
            }
            if (arm64) {
                return "redis-server-6.2.6-v5-darwin-arm64";
            }
        }
        return null;
    }

    private static Path extractEmbedded(String osName, String osArch) {
        String resource = embeddedResourceName(osName, osArch);
        if (resource == null) {
            throw new IllegalStateException("No redis-server for " + osName + "/" + osArch
                    + " in the embedded-redis jar and none on the PATH: install redis-server (6.2 or newer)"
                    + " or set " + ENV_VAR + " to its path");
        }
        URL url = resourceUrl(resource);
        if (url == null) {
            throw new IllegalStateException("No redis-server on the PATH and the embedded-redis jar (resource "
                    + resource + ") is not on the classpath: install redis-server (6.2 or newer), set "
                    + ENV_VAR + " to its path, or add com.github.codemonstur:embedded-redis");
        }
        Path dir = Paths.get(System.getProperty("java.io.tmpdir"), "sessionkeeper-redis");
        Path target = dir.resolve(resource);
        try {
            byte[] content;
            try (InputStream in = url.openStream()) {
                content = in.readAllBytes();
            }
            // Comparing the whole content, not just existence, repairs a file left by a different jar or
            // tampered with in a shared temp dir; at ~10 MB it costs milliseconds.
            if (Files.isRegularFile(target) && Files.isExecutable(target)
                    && Arrays.equals(content, Files.readAllBytes(target))) {
                return target;
            }
            Files.createDirectories(dir);
            // A temp file plus an atomic rename means concurrent JVMs never see, or execute, a half-written binary.
            Path tmp = Files.createTempFile(dir, resource + ".", ".tmp");
            try {
                Files.write(tmp, content);
                if (!tmp.toFile().setExecutable(true, false)) {
                    throw new IOException("cannot make " + tmp + " executable");
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            log.debug("Extracted {} to {}", resource, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot extract " + resource + " to " + target, e);
        }
    }

    private static URL resourceUrl(String resource) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        URL url = context == null ? null : context.getResource(resource);
        if (url == null) {
            url = RedisBinary.class.getClassLoader().getResource(resource);
        }
        return url;
    }

    private static String readVersion(Path binary) {
        String output;
        try {
            Process p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            try (InputStream in = p.getInputStream()) {
                in.transferTo(buffer);
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(binary + " --version did not exit within 10 s");
            }
            output = buffer.toString(StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + binary + " --version", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + binary + " --version", e);
        }
        Matcher m = VERSION.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("Cannot read a version from `" + binary + " --version`: " + output);
        }
        return Objects.requireNonNull(m.group(1));
    }
}
