package dev.sessionkeeper;

import dev.sessionkeeper.internal.RedisLocation;
import dev.sessionkeeper.testkit.ScriptCalls;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;

import java.util.List;

/** Direct Redis access for tests: plant corrupt data, inspect keys, count commands. */
public final class RawRedis implements AutoCloseable {

    private final AbstractRedisClient client;
    private final StatefulConnection<String, String> connection;
    private final RedisClusterCommands<String, String> commands;
    private final StatefulConnection<byte[], byte[]> binaryConnection;
    private final RedisClusterCommands<byte[], byte[]> binary;
    private final List<String> nodeUris;

    private RawRedis(AbstractRedisClient client, StatefulConnection<String, String> connection,
                     RedisClusterCommands<String, String> commands,
                     StatefulConnection<byte[], byte[]> binaryConnection, RedisClusterCommands<byte[], byte[]> binary,
                     List<String> nodeUris) {
        this.client = client;
        this.connection = connection;
        this.commands = commands;
        this.binaryConnection = binaryConnection;
        this.binary = binary;
        this.nodeUris = nodeUris;
    }

    public static RawRedis connect(String uri, List<String> nodeUris) {
        RedisLocation location = RedisLocation.parse(uri);
        if (location.cluster()) {
            RedisClusterClient client = RedisClusterClient.create(location.uris());
            StatefulRedisClusterConnection<String, String> c = client.connect();
            StatefulRedisClusterConnection<byte[], byte[]> b = client.connect(ByteArrayCodec.INSTANCE);
            return new RawRedis(client, c, c.sync(), b, b.sync(), nodeUris);
        }
        RedisClient client = RedisClient.create(location.uris().get(0));
        StatefulRedisConnection<String, String> c = client.connect();
        StatefulRedisConnection<byte[], byte[]> b = client.connect(ByteArrayCodec.INSTANCE);
        return new RawRedis(client, c, c.sync(), b, b.sync(), nodeUris);
    }

    public RedisClusterCommands<String, String> sync() {
        return commands;
    }

    /** The same Redis with keys and values as bytes: a session's value is binary (its header). */
    public RedisClusterCommands<byte[], byte[]> binary() {
        return binary;
    }

    /** Script calls so far (FCALL, EVALSHA, EVAL), over every node: each store operation is one of them. */
    public long scriptCalls() {
        return ScriptCalls.count(nodeUris);
    }

    /**
     * Calls of one command so far, over every node, from INFO commandstats: those a client sent
     * and those scripts ran alike (Redis counts both).
     */
    long commandCalls(String command) {
        long total = 0;
        for (String uri : nodeUris) {
            RedisClient client = RedisClient.create(RedisURI.create(uri));
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                for (String line : c.sync().info("commandstats").split("\r\n")) {
                    if (line.startsWith("cmdstat_" + command.toLowerCase(java.util.Locale.ROOT) + ":calls=")) {
                        total += Long.parseLong(line.substring(line.indexOf('=') + 1, line.indexOf(',')));
                    }
                }
            } finally {
                client.shutdown();
            }
        }
        return total;
    }

    /** SCRIPT FLUSH on every node, as a restart or failover would leave them. */
    public void flushScripts() {
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
        binaryConnection.close();
        connection.close();
        client.shutdown();
    }
}
