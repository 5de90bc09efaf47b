package dev.sessionkeeper;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Direct Redis access for tests: plant corrupt data, inspect keys, count commands. */
final class RawRedis implements AutoCloseable {

    private final AbstractRedisClient client;
    private final StatefulConnection<String, String> connection;
    private final RedisClusterCommands<String, String> commands;
    private final List<String> nodeUris;

    private RawRedis(AbstractRedisClient client, StatefulConnection<String, String> connection,
                     RedisClusterCommands<String, String> commands,
                     List<String> nodeUris) {
        this.client = client;
        this.connection = connection;
        this.commands = commands;
        this.nodeUris = nodeUris;
    }

    static RawRedis connect(String uri, List<String> nodeUris) {
        RedisLocation location = RedisLocation.parse(uri);
        if (location.cluster()) {
            RedisClusterClient client = RedisClusterClient.create(location.uris());
            StatefulRedisClusterConnection<String, String> c = client.connect();
            return new RawRedis(client, c, c.sync(), nodeUris);
        }
        RedisClient client = RedisClient.create(location.uris().get(0));
        StatefulRedisConnection<String, String> c = client.connect();
        return new RawRedis(client, c, c.sync(), nodeUris);
    }

    RedisClusterCommands<String, String> sync() {
        return commands;
    }

    /** EVALSHA and EVAL calls so far, over every node: each store operation is one of them. */
    long scriptCalls() {
        long total = 0;
        for (String uri : nodeUris) {
            RedisClient client = RedisClient.create(RedisURI.create(uri));
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                for (String line : c.sync().info("commandstats").split("\r\n")) {
                    if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
                        // A NOSCRIPT miss answered by EVAL is one operation: count the calls
                        // that ran, not the ones Redis refused.
                        Map<String, Long> stats = new HashMap<>();
                        for (String pair : line.substring(line.indexOf(':') + 1).split(",")) {
                            String[] kv = pair.split("=");
                            if (kv.length == 2 && kv[1].matches("\\d+")) {
                                stats.put(kv[0], Long.parseLong(kv[1]));
                            }
                        }
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

    /** SCRIPT FLUSH on every node, as a restart or failover would leave them. */
    void flushScripts() {
        for (String uri : nodeUris) {
            RedisClient client = RedisClient.create(RedisURI.create(uri));
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                c.sync().scriptFlush();
            } finally {
                client.shutdown();
            }
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
