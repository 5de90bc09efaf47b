package dev.sessionkeeper.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Kills every redis-server this JVM started, and deletes their temporary data dirs, when the JVM exits.
 * Without it a test run that fails or forgets {@code close()}, or a demo stopped by Ctrl-C, leaves servers
 * holding ports on the machine.
 */
final class ProcessReaper {

    private static final Set<Process> PROCESSES = ConcurrentHashMap.newKeySet();
    private static final Set<Path> DIRS = ConcurrentHashMap.newKeySet();

    static {
        Thread hook = new Thread(ProcessReaper::reapAll, "sessionkeeper-redis-reaper");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private ProcessReaper() {
    }

    static void register(Process process) {
        PROCESSES.add(process);
        process.onExit().thenAccept(PROCESSES::remove);
    }

    static void registerTempDir(Path dir) {
        DIRS.add(dir);
    }

    static void deleteTempDir(Path dir) throws IOException {
        deleteRecursively(dir);
        DIRS.remove(dir);
    }

    private static void reapAll() {
        // SIGKILL also ends a process that pause() stopped, which SIGTERM would not.
        for (Process p : PROCESSES) {
            p.destroyForcibly();
        }
        for (Process p : PROCESSES) {
            try {
                p.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (Path dir : DIRS) {
            try {
                deleteRecursively(dir);
            } catch (IOException | RuntimeException ignored) {
                // The JVM is exiting and logging may already be gone; a leftover temp dir is harmless.
            }
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
