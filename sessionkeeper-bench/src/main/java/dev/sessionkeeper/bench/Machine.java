package dev.sessionkeeper.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Facts about this machine that a result is meaningless without. */
final class Machine {

    private Machine() {
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    static String cpuModel() {
        return firstValue(Path.of("/proc/cpuinfo"), "model name", System.getProperty("os.arch"));
    }

    static String memory() {
        String kb = firstValue(Path.of("/proc/meminfo"), "MemTotal", null);
        if (kb == null) {
            return "unknown";
        }
        long k = Long.parseLong(kb.replaceAll("[^0-9]", ""));
        return String.format("%.1f GiB", k / 1024.0 / 1024.0);
    }

    static String java() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    }

    static String os() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
    }

    private static String firstValue(Path file, String key, String fallback) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                    return line.substring(colon + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
        return fallback;
    }
}
