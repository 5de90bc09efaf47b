package dev.sessionkeeper.nodeit;

import dev.sessionkeeper.testkit.ExternalTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Node package in {@code node/}, made ready once per JVM: Node and npm must run (a developer without them
 * gets skipped tests, CI a failure that says what to install), and {@code npm ci} installs the locked
 * dependencies. Tests that start Node processes call {@link #ready()} first.
 */
final class NodePackage {

    static final Path DIR = Path.of("..", "node").toAbsolutePath().normalize();
    private static final String INSTALL = "Node.js 20+ with npm (e.g. apt-get install nodejs npm, or from nodejs.org)";
    private static final long NPM_CI_MINUTES = 10;

    private static Path node;
    private static boolean installed;

    private NodePackage() {
    }

    /** The {@code node} executable, with the package's dependencies installed. */
    static synchronized Path ready() throws IOException, InterruptedException {
        if (node == null) {
            ExternalTool nodeTool = ExternalTool.onPath("node", INSTALL);
            ExternalTool npmTool = ExternalTool.onPath("npm", INSTALL);
            nodeTool.require();
            npmTool.require();
            node = nodeTool.path();
            if (!installed) {
                run(List.of(npmTool.path().toString(), "ci", "--no-audit", "--no-fund"), NPM_CI_MINUTES,
                        Path.of("target", "npm-ci.log"));
                installed = true;
            }
        }
        return node;
    }

    /**
     * Runs a command in {@code node/}, its output to {@code log}; fails with the log's tail unless it exits 0
     * within {@code minutes}.
     */
    static void run(List<String> command, long minutes, Path log) throws IOException, InterruptedException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(new ArrayList<>(command)).directory(DIR.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + minutes
                    + " min; its output: " + log.toAbsolutePath() + "\n" + tail(log));
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited with " + process.exitValue()
                    + "; its output: " + log.toAbsolutePath() + "\n" + tail(log));
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }
}
