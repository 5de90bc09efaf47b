package dev.sessionkeeper.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class RedisBinaryTest {

    @Test
    void locatesAnExecutableOfAtLeastRedis62() {
        RedisBinary binary = RedisBinary.locate();

        assertThat(binary.path()).isAbsolute();
        assertThat(Files.isExecutable(binary.path())).isTrue();
        assertThat(binary.source()).isIn(RedisBinary.SOURCE_ENV, RedisBinary.SOURCE_PATH, RedisBinary.SOURCE_EMBEDDED);
        assertThat(Versions.atLeast(binary.version(), 6, 2)).as("version %s", binary.version()).isTrue();
    }

    @Test
    void isResolvedOnce() {
        assertThat(RedisBinary.locate()).isSameAs(RedisBinary.locate());
    }

    @Test
    void usesTheEmbeddedBinaryWhenNothingElseIsConfigured() {
        boolean nothingElse = System.getenv(RedisBinary.ENV_VAR) == null && !onPath();
        if (nothingElse) {
            RedisBinary binary = RedisBinary.locate();
            assertThat(binary.source()).isEqualTo(RedisBinary.SOURCE_EMBEDDED);
            assertThat(binary.path().getParent().getFileName().toString()).isEqualTo("sessionkeeper-redis");
        }
    }

    @Test
    void embeddedInTheEnvironmentSelectsTheJarsBinaryOverThePath() {
        if (RedisBinary.EMBEDDED_VALUE.equals(System.getenv(RedisBinary.ENV_VAR))) {
            RedisBinary binary = RedisBinary.locate();
            assertThat(binary.source()).isEqualTo(RedisBinary.SOURCE_EMBEDDED);
            assertThat(binary.version()).startsWith("6.2.");
        }
    }

    @Test
    void mapsPlatformsToTheEmbeddedJarsResources() {
        assertThat(RedisBinary.embeddedResourceName("Linux", "amd64")).isEqualTo("redis-server-6.2.6-v5-linux-amd64");
        assertThat(RedisBinary.embeddedResourceName("Linux", "aarch64")).isEqualTo("redis-server-6.2.7-linux-arm64");
        assertThat(RedisBinary.embeddedResourceName("Mac OS X", "x86_64")).isEqualTo("redis-server-6.2.6-v5-darwin-amd64");
        assertThat(RedisBinary.embeddedResourceName("Mac OS X", "aarch64")).isEqualTo("redis-server-6.2.6-v5-darwin-arm64");
        assertThat(RedisBinary.embeddedResourceName("Windows 11", "amd64")).isNull();
        assertThat(RedisBinary.embeddedResourceName("Linux", "s390x")).isNull();
    }

    private static boolean onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isBlank() && Files.isExecutable(java.nio.file.Paths.get(dir, "redis-server"))) {
                return true;
            }
        }
        return false;
    }
}
