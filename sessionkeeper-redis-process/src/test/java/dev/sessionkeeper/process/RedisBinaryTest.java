package dev.sessionkeeper.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisBinaryTest {

    @Test
    void locatesAnExecutableOfAtLeastRedis62() {
        RedisBinary binary = RedisBinary.locate();

        assertThat(binary.path()).isAbsolute();
        assertThat(Files.isExecutable(binary.path())).isTrue();
        assertThat(binary.source()).isIn(RedisBinary.SOURCE_ENV, RedisBinary.SOURCE_PATH, RedisBinary.SOURCE_EMBEDDED);
        assertThat(atLeast62(binary.version())).as("version %s", binary.version()).isTrue();
    }

    @Test
    void aBinaryNamedInTheEnvironmentComesFirst() {
        Path located = RedisBinary.locate().path();

        RedisBinary binary = RedisBinary.resolve(located.toString(), "/nowhere", "Windows 11", "amd64");

        assertThat(binary.path()).isEqualTo(located);
        assertThat(binary.source()).isEqualTo(RedisBinary.SOURCE_ENV);
    }

    @Test
    void findsTheBinaryOnThePathWhenTheEnvironmentNamesNone(@TempDir Path elsewhere, @TempDir Path bin)
            throws IOException {
        // A directory on the PATH holding a redis-server by that name: the located binary may be the embedded
        // jar's, extracted under a name of its own.
        Path onPath = Files.createSymbolicLink(bin.resolve("redis-server"), RedisBinary.locate().path());
        String path = elsewhere + File.pathSeparator + bin;

        RedisBinary binary = RedisBinary.resolve(null, path, "Windows 11", "amd64");

        assertThat(binary.path()).isEqualTo(onPath.toAbsolutePath());
        assertThat(binary.source()).isEqualTo(RedisBinary.SOURCE_PATH);
    }

    @Test
    void fallsBackToTheEmbeddedJarsBinary(@TempDir Path emptyDir) {
        RedisBinary binary = RedisBinary.resolve("", emptyDir.toString(), "Linux", "amd64");

        assertThat(binary.source()).isEqualTo(RedisBinary.SOURCE_EMBEDDED);
        assertThat(binary.version()).startsWith("6.2.");
        assertThat(Files.isExecutable(binary.path())).isTrue();
    }

    @Test
    void anEnvironmentVariableNamingNoExecutableFailsWithWhatToSetInstead(@TempDir Path dir) {
        String missing = dir.resolve("redis-server").toString();

        assertThatThrownBy(() -> RedisBinary.resolve(missing, null, "Linux", "amd64"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(RedisBinary.ENV_VAR + "=" + missing + " is not an executable file")
                .hasMessageContaining("'embedded'");
    }

    @Test
    void noBinaryAnywhereFailsWithHowToInstallOne(@TempDir Path emptyDir) {
        assertThatThrownBy(() -> RedisBinary.resolve(null, emptyDir.toString(), "Windows 11", "amd64"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No redis-server for Windows 11/amd64")
                .hasMessageContaining("install redis-server (6.2 or newer)")
                .hasMessageContaining(RedisBinary.ENV_VAR);
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

    private static boolean atLeast62(String version) {
        String[] parts = version.split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        return major > 6 || (major == 6 && minor >= 2);
    }

    private static boolean onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, "redis-server"))) {
                return true;
            }
        }
        return false;
    }
}
