package dev.sessionkeeper.spring.session;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

import java.util.List;

/**
 * Counts the calls the store made to Redis, from Redis's own statistics on every node. Every
 * store operation is a script, so script calls (less those Redis refused, such as a NOSCRIPT
 * answered by EVAL) are the round trips.
 */
final class RedisCalls {

    private final List<String> nodeUris;

    RedisCalls(List<String> nodeUris) {
        this.nodeUris = nodeUris;
    }

    long scriptCalls() {
        long total = 0;
        for (String uri : nodeUris) {
            RedisClient client = RedisClient.create(RedisURI.create(uri));
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                for (String line : c.sync().info("commandstats").split("\r\n")) {
                    if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
                        total += stat(line, "calls") - stat(line, "rejected_calls") - stat(line, "failed_calls");
                    }
                }
            } finally {
                client.shutdown();
            }
        }
        return total;
    }

    private static long stat(String line, String name) {
        for (String pair : line.substring(line.indexOf(':') + 1).split(",")) {
            String[] kv = pair.split("=");
            if (kv.length == 2 && kv[0].equals(name)) {
                return Long.parseLong(kv[1]);
            }
        }
        return 0;
    }
}
