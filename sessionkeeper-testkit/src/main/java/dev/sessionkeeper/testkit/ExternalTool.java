package dev.sessionkeeper.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A program outside the JVM that a test needs, such as a browser and its driver.
 *
 * <p>On a developer's machine a missing tool skips the test, so that nothing needs installing by hand. Under
 * {@code CI=true} it fails the test instead: a CI run that skipped the browser test would go green with the
 * demo untested. "Missing" means the program does not answer {@code --version} within a few seconds, not
 * merely that a file of its name exists: a dangling link, or a driver whose browser is gone, passes an
 * existence check and fails only when the test starts it.
 */
public final class ExternalTool {

    private static final long VERSION_TIMEOUT_SECONDS = 20;

    private final Path path;
    private final String installHint;

    private ExternalTool(Path path, String installHint) {
        this.path = path;
        this.installHint = installHint;
    }

    /**
     * A tool at {@code path}; {@code installHint} says how to get it, e.g. {@code "apt-get install chromium"}.
      *
      * @param path the executable
      * @param installHint the command that installs it, shown when it is missing
      * @return the tool; nothing is run until {@link #require()}
     */
    public static ExternalTool at(Path path, String installHint) {
        return new ExternalTool(path, installHint);
    }

    /**
     * The first executable called {@code name} on the {@code PATH}; when there is none, a tool that {@link
     * #require()} reports as not installed.
      *
      * @param name the executable's file name
      * @param installHint the command that installs it, shown when it is missing
      * @return the tool, found or not; nothing is run until {@link #require()}
     */
    public static ExternalTool onPath(String name, String installHint) {
        String pathVar = System.getenv("PATH");
        if (pathVar != null) {
            for (String dir : pathVar.split(File.pathSeparator)) {
                Path candidate = dir.isBlank() ? null : Path.of(dir, name);
                if (candidate != null && Files.isExecutable(candidate)) {
                    return new ExternalTool(candidate.toAbsolutePath(), installHint);
                }
            }
        }
        return new ExternalTool(Path.of(name), installHint);
    }

    /**
     * Absolute path of the executable.
     *
     * @return the path, which may not exist when the tool is missing
     */
    public Path path() {
        return path;
    }

    /**
     * Returns the tool's {@code --version} line when it runs; otherwise skips the calling test, or fails it
     * under {@code CI=true}, with a message that says what to install.
      *
      * @return the first line the tool prints for {@code --version}
     */
    public String require() {
        return require("true".equals(System.getenv("CI")));
    }

    String require(boolean underCi) {
        String problem;
        try {
            return version();
        } catch (IOException e) {
            problem = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted while asking it for --version";
        }
        String message = path + " does not run (" + problem + "); install it: " + installHint;
        if (underCi) {
            Assertions.fail(message + ". Under CI=true a missing tool fails the test rather than skipping it.");
        }
        Assumptions.abort(message + "; skipped");
        throw new AssertionError("unreachable");
    }

    private String version() throws IOException, InterruptedException {
        if (!Files.isExecutable(path)) {
            throw new IOException(Files.exists(path, LinkOption.NOFOLLOW_LINKS)
                    ? "not executable, or a link to nothing" : "not installed");
        }
        Process process = new ProcessBuilder(path.toString(), "--version").redirectErrorStream(true).start();
        if (!process.waitFor(VERSION_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("--version did not answer within " + VERSION_TIMEOUT_SECONDS + " s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.exitValue() != 0) {
            throw new IOException("--version exited with " + process.exitValue() + ": " + output);
        }
        return output;
    }
}
