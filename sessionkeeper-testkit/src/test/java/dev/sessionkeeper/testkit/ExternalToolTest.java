package dev.sessionkeeper.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class ExternalToolTest {

    @TempDir
    Path dir;

    @Test
    void aDanglingLinkFailsUnderCiAndSkipsElsewhere() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("chromedriver"), dir.resolve("gone"));
        ExternalTool tool = ExternalTool.at(link, "apt-get install chromium-driver");

        assertThatThrownBy(() -> tool.require(true))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("link to nothing")
                .hasMessageContaining("apt-get install chromium-driver");
        assertThatThrownBy(() -> tool.require(false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("skipped");
    }

    @Test
    void aProgramThatCannotAnswerVersionIsMissing() throws IOException {
        Path broken = dir.resolve("driver");
        Files.writeString(broken, "#!/bin/sh\necho 'error while loading shared libraries' >&2\nexit 127\n");
        broken.toFile().setExecutable(true);

        assertThatThrownBy(() -> ExternalTool.at(broken, "the package").require(true))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("exited with 127")
                .hasMessageContaining("shared libraries");
    }

    @Test
    void aProgramMissingFromThePathIsNotInstalled() {
        ExternalTool tool = ExternalTool.onPath("no-such-tool-anywhere", "the package");

        assertThatThrownBy(() -> tool.require(true)).hasMessageContaining("not installed");
    }

    @Test
    void aWorkingProgramAnswersWithItsVersion() throws IOException {
        Path fine = dir.resolve("tool");
        Files.writeString(fine, "#!/bin/sh\necho 'Tool 1.2.3'\n");
        fine.toFile().setExecutable(true);

        assertThat(ExternalTool.at(fine, "the package").require(true)).isEqualTo("Tool 1.2.3");
    }
}
