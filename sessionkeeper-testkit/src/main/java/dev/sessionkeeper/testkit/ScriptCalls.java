package dev.sessionkeeper.testkit;

import dev.sessionkeeper.process.Resp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The script calls that ran on a set of Redis servers so far, from each server's own {@code INFO
 * commandstats}: how tests count a store's round trips, since every store operation is one script
 * call. A call Redis refused (a NOSCRIPT answered by EVAL, an ACL denial) or that failed is not
 * counted, so a NOSCRIPT retry is still one operation.
 *
 * <p>It asks over a plain socket, not a Redis client: property tests count calls thousands of times,
 * and a client with its own event loops per count costs a thread pool's start and shutdown each time
 * (and a shutdown that waits on its event loops can hang a whole run).
 */
public final class ScriptCalls {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private ScriptCalls() {
    }

    /** The commands that run a script, as {@code INFO commandstats} names them. */
    public static final List<String> SCRIPT_COMMANDS = List.of("fcall", "evalsha", "eval");

    /**
     * Script calls that ran (FCALL, EVALSHA, EVAL), summed over {@code nodeUris} ({@code redis://host:port}, every node).
     *
     * @param nodeUris the nodes to ask ({@code INFO commandstats}, over a plain socket)
     * @return the calls since each node started or last reset its statistics
     */
    public static long count(List<String> nodeUris) {
        return byCommand(nodeUris).values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The same, per command: {@code fcall}, {@code evalsha} and {@code eval}, each present (0 when none ran).
     *
     * @param nodeUris the nodes to ask ({@code INFO commandstats}, over a plain socket)
     * @return the calls that ran, without the failed and rejected ones, by command
     */
    public static Map<String, Long> byCommand(List<String> nodeUris) {
        Map<String, Long> total = new HashMap<>();
        for (String command : SCRIPT_COMMANDS) {
            total.put(command, 0L);
        }
        for (String uri : nodeUris) {
            URI node = URI.create(uri);
            String info;
            try {
                info = Resp.bulk(node.getHost(), node.getPort(), TIMEOUT, "INFO", "commandstats");
            } catch (IOException e) {
                throw new UncheckedIOException("INFO commandstats on " + uri + " failed", e);
            }
            for (String line : info.split("\r\n")) {
                for (String command : SCRIPT_COMMANDS) {
                    if (line.startsWith("cmdstat_" + command + ":")) {
                        Map<String, Long> stats = stats(line);
                        total.merge(command, stats.getOrDefault("calls", 0L) - stats.getOrDefault("rejected_calls", 0L)
                                - stats.getOrDefault("failed_calls", 0L), Long::sum);
                    }
                }
            }
        }
        return total;
    }

    private static Map<String, Long> stats(String line) {
        Map<String, Long> stats = new HashMap<>();
        for (String pair : line.substring(line.indexOf(':') + 1).split(",")) {
            String[] kv = pair.split("=");
            if (kv.length == 2 && kv[1].matches("\\d+")) {
                stats.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        return stats;
    }
}
