package dev.sessionkeeper.testkit;

import java.nio.file.Path;

/**
 * The {@code redis-server} executable that every {@link RedisServer} of this JVM runs: the test kit's name for
 * {@link dev.sessionkeeper.process.RedisBinary}, which resolves it (the environment variable {@value #ENV_VAR}
 * or {@value #EMBEDDED_VALUE}, then the {@code PATH}, then the embedded-redis jar). Redis 6.2 is the oldest
 * version the test kit supports.
 */
public final class RedisBinary {

    /** Environment variable naming a {@code redis-server} executable to use instead of any other. */
    public static final String ENV_VAR = dev.sessionkeeper.process.RedisBinary.ENV_VAR;

    /** The value of {@value #ENV_VAR} that selects the binary shipped in the embedded-redis jar. */
    public static final String EMBEDDED_VALUE = dev.sessionkeeper.process.RedisBinary.EMBEDDED_VALUE;

    /** {@link #source()} of a binary named by {@value #ENV_VAR}. */
    public static final String SOURCE_ENV = dev.sessionkeeper.process.RedisBinary.SOURCE_ENV;
    /** {@link #source()} of a binary found on the {@code PATH}. */
    public static final String SOURCE_PATH = dev.sessionkeeper.process.RedisBinary.SOURCE_PATH;
    /** {@link #source()} of the binary extracted from the embedded-redis jar. */
    public static final String SOURCE_EMBEDDED = dev.sessionkeeper.process.RedisBinary.SOURCE_EMBEDDED;

    private final dev.sessionkeeper.process.RedisBinary binary;

    private RedisBinary(dev.sessionkeeper.process.RedisBinary binary) {
        this.binary = binary;
    }

    /**
     * The binary {@link dev.sessionkeeper.process.RedisBinary#locate()} resolved on its first call (it resolves
     * once per JVM), under the test kit's name.
     *
     * @throws IllegalStateException if no usable binary is found
     * @return the binary this JVM uses for every server it starts
     */
    public static RedisBinary locate() {
        return new RedisBinary(dev.sessionkeeper.process.RedisBinary.locate());
    }

    /**
     * Absolute path of the executable.
     *
     * @return the path of an executable file
     */
    public Path path() {
        return binary.path();
    }

    /**
     * Version the binary reports, e.g. {@code "6.2.11"}.
     *
     * @return the version, as {@code redis-server --version} prints it
     */
    public String version() {
        return binary.version();
    }

    /**
     * Where the binary came from: {@value #SOURCE_ENV}, {@value #SOURCE_PATH} or {@value #SOURCE_EMBEDDED}.
     *
     * @return one of those three constants
     */
    public String source() {
        return binary.source();
    }

    @Override
    public String toString() {
        return binary.toString();
    }

    dev.sessionkeeper.process.RedisBinary resolved() {
        return binary;
    }
}
