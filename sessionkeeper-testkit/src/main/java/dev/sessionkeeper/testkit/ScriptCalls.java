package dev.sessionkeeper.testkit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The script calls that ran on a set of Redis servers so far, from each server's own {@code INFO
 * commandstats}: how tests count a store's round trips, since every store operation is one script
 * call. A call Redis refused (a NOSCRIPT answered by EVAL, an ACL denial) or that failed is not
 * counted, so a NOSCRIPT retry is still one operation.
 */
public final class ScriptCalls {

    private ScriptCalls() {
    }

    /** EVALSHA and EVAL calls that ran, summed over {@code nodeUris} (every node of a cluster). */
    public static long count(List<String> nodeUris) {
        long total = 0;
        for (String uri : nodeUris) {
            RedisClient client = RedisClient.create(RedisURI.create(uri));
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                for (String line : c.sync().info("commandstats").split("\r\n")) {
                    if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
                        Map<String, Long> stats = stats(line);
                        total += stats.getOrDefault("calls", 0L) - stats.getOrDefault("rejected_calls", 0L)
                                - stats.getOrDefault("failed_calls", 0L);
                    }
                }
            } finally {
                client.shutdown();
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
