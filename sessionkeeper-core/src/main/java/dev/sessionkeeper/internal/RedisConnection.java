package dev.sessionkeeper.internal;

import dev.sessionkeeper.RedisUnavailableException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.ThreadFactoryProvider;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Lettuce connection, standalone or cluster, behind the command interface both share.
 *
 * <p>Lettuce multiplexes every caller over one connection and pipelines their commands, so one
 * connection serves all request threads. Commands time out after the command timeout, and while
 * the connection is down they are rejected at once instead of queued: a request path must fail
 * fast when Redis is away, not pile up behind a reconnect.
 */
final class RedisConnection implements AutoCloseable {

    /** How long close() waits for each of the client and its threads to stop. */
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final ClientResources resources;
    private final OwnedThreads threads;
    private final AbstractRedisClient client;
    private final StatefulConnection<String, byte[]> connection;
    private final RedisClusterAsyncCommands<String, byte[]> commands;
    private final boolean cluster;
    private final RedisLocation location;

    private RedisConnection(ClientResources resources, OwnedThreads threads, AbstractRedisClient client, StatefulConnection<String, byte[]> connection,
                            RedisClusterAsyncCommands<String, byte[]> commands, boolean cluster, RedisLocation location) {
        this.resources = resources;
        this.threads = threads;
        this.client = client;
        this.connection = connection;
        this.commands = commands;
        this.cluster = cluster;
        this.location = location;
    }

    /**
     * @param caCertificate a PEM file of CA certificates to verify a TLS server with, or null for
     *     the JVM's default trust store
     */
    static RedisConnection open(RedisLocation location, Duration commandTimeout, Duration connectTimeout,
                                Path caCertificate) {
        SslOptions ssl = caCertificate == null ? SslOptions.create()
                : SslOptions.builder().jdkSslProvider().trustManager(caCertificate.toFile()).build();
        OwnedThreads threads = new OwnedThreads();
        ClientResources resources = DefaultClientResources.builder().threadFactoryProvider(threads).build();
        try {
            for (RedisURI uri : location.uris()) {
                uri.setTimeout(commandTimeout);
            }
            if (!location.cluster()) {
                RedisClient client = RedisClient.create(resources, location.uris().get(0));
                client.setOptions(ClientOptions.builder()
                        .sslOptions(ssl)
                        .socketOptions(socketOptions(connectTimeout))
                        .timeoutOptions(TimeoutOptions.enabled())
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .build());
                StatefulRedisConnection<String, byte[]> connection = client.connect(CODEC);
                if (!isClusterNode(connection)) {
                    return new RedisConnection(resources, threads, client, connection, connection.async(), false, location);
                }
                connection.close();
                client.shutdown();
            }
            RedisClusterClient client = RedisClusterClient.create(resources, location.uris());
            client.setOptions(ClusterClientOptions.builder()
                    .sslOptions(ssl)
                    .socketOptions(socketOptions(connectTimeout))
                    .timeoutOptions(TimeoutOptions.enabled())
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    // After a failover the client must learn the new master within seconds, not at
                    // the next periodic refresh: refresh on the first failed reconnect, and let
                    // adaptive refreshes follow each other as often as once a second (the default
                    // 30 s window spends its one refresh before the replica has been promoted).
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enableAllAdaptiveRefreshTriggers()
                            .refreshTriggersReconnectAttempts(1)
                            .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
                            .enablePeriodicRefresh(Duration.ofSeconds(10))
                            .build())
                    .build());
            StatefulRedisClusterConnection<String, byte[]> connection = client.connect(CODEC);
            return new RedisConnection(resources, threads, client, connection, connection.async(), true, location);
        } catch (RedisException e) {
            awaitShutdown(resources, threads);
            throw new RedisUnavailableException("cannot connect to Redis at " + location + ": " + rootMessage(e)
                    + ". Check that Redis is running and that the URL (host, port, password, TLS) is right"
                    + (location.toString().startsWith("rediss") ? "; for TLS, that the server's certificate is"
                    + " trusted (redisCaCertificate) and names the host in the URL" : "") + ".", e);
        }
    }

    private static boolean isClusterNode(StatefulRedisConnection<String, byte[]> connection) {
        return connection.sync().info("cluster").contains("cluster_enabled:1");
    }

    private static SocketOptions socketOptions(Duration connectTimeout) {
        return SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(true).build();
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    /**
     * A connection of its own, for blocking reads (XREADGROUP BLOCK): on the shared connection
     * a blocked command would hold up every request behind it. Its timeout is the block time
     * plus the command timeout, so a read that blocks as asked is not taken for a dead server.
     */
    StatefulConnection<String, byte[]> openDedicated(Duration timeout) {
        StatefulConnection<String, byte[]> dedicated;
        try {
            dedicated = client instanceof RedisClusterClient c ? c.connect(CODEC) : ((RedisClient) client).connect(CODEC);
        } catch (RedisException e) {
            throw new RedisUnavailableException("cannot open a connection to Redis at " + location + ": " + rootMessage(e), e);
        }
        dedicated.setTimeout(timeout);
        return dedicated;
    }

    static RedisClusterCommands<String, byte[]> sync(StatefulConnection<String, byte[]> connection) {
        return connection instanceof StatefulRedisClusterConnection<String, byte[]> c ? c.sync()
                : ((StatefulRedisConnection<String, byte[]>) connection).sync();
    }

    /**
     * The commands of each server that takes writes, by address ({@code host:port}): the one
     * server, or each master of a cluster (on a connection to that node alone, for commands
     * such as INFO and CONFIG that describe one server).
     */
    Map<String, RedisClusterAsyncCommands<String, byte[]>> masters() {
        Map<String, RedisClusterAsyncCommands<String, byte[]>> out = new LinkedHashMap<>();
        if (connection instanceof StatefulRedisClusterConnection<String, byte[]> c) {
            for (RedisClusterNode node : c.getPartitions()) {
                if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                    out.put(node.getUri().getHost() + ":" + node.getUri().getPort(),
                            c.getConnection(node.getNodeId()).async());
                }
            }
        } else {
            RedisURI uri = location.uris().get(0);
            String address = uri.getSentinels().isEmpty() ? uri.getHost() + ":" + uri.getPort()
                    : "master '" + uri.getSentinelMasterId() + "'";
            out.put(address, commands);
        }
        return out;
    }

    /**
     * The commands of the master that serves {@code key}'s slot, on Lettuce's connection to that
     * node alone: what must follow a write on the very connection that carried it (WAIT) is
     * sent there together with the write. On standalone Redis, the one connection.
     */
    RedisClusterAsyncCommands<String, byte[]> nodeOf(String key) {
        if (!(connection instanceof StatefulRedisClusterConnection<String, byte[]> c)) {
            return commands;
        }
        int slot = SlotHash.getSlot(key);
        RedisClusterNode node = c.getPartitions().getPartitionBySlot(slot);
        if (node == null) {
            throw new RedisUnavailableException("no master of slot " + slot + " is known at " + location + " yet", null);
        }
        return c.getConnection(node.getNodeId()).async();
    }

    /**
     * Asks the cluster for its topology again, without waiting: a node that answered MOVED
     * no longer serves the slot it was sent to.
     */
    void refreshTopology() {
        if (client instanceof RedisClusterClient c) {
            c.refreshPartitionsAsync();
        }
    }

    /** Whether the URL carried a password: a connection made without one shows an open server. */
    boolean hasPassword() {
        RedisURI uri = location.uris().get(0);
        return uri.getPassword() != null && uri.getPassword().length > 0;
    }

    RedisClusterAsyncCommands<String, byte[]> commands() {
        return commands;
    }

    boolean isCluster() {
        return cluster;
    }

    RedisLocation location() {
        return location;
    }

    /**
     * Closes the connection and waits, for a bounded time, until Lettuce's event loops and timer
     * threads have stopped. Returning earlier would leave them running past the caller's own
     * shutdown: in a servlet container a thread still alive after undeploy pins the web
     * application's class loader, and the container reports it as a leak.
     */
    @Override
    public void close() {
        try {
            connection.close();
            client.shutdown(Duration.ZERO, SHUTDOWN_TIMEOUT);
        } finally {
            awaitShutdown(resources, threads);
        }
    }

    /**
     * Shuts the resources down and waits for their threads to end. The shutdown's future alone
     * is not enough: it completes on the last event loop thread, which is still alive, running
     * its last lines, when the waiter wakes up.
     */
    private static void awaitShutdown(ClientResources resources, OwnedThreads threads) {
        long bound = SHUTDOWN_TIMEOUT.toMillis();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2 * bound);
        try {
            resources.shutdown(0, bound, TimeUnit.MILLISECONDS).get(2 * bound, TimeUnit.MILLISECONDS);
            threads.join(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Nothing left to do with the threads but let them finish on their own.
        }
    }

    /** Lettuce's threads for one connection, made as Lettuce makes them, and kept so that close() can join them. */
    private static final class OwnedThreads implements ThreadFactoryProvider {

        private final List<Thread> threads = new CopyOnWriteArrayList<>();

        @Override
        public ThreadFactory getThreadFactory(String poolName) {
            ThreadFactory factory = new DefaultThreadFactory(poolName, true);
            return task -> {
                Thread t = factory.newThread(task);
                threads.add(t);
                return t;
            };
        }

        void join(long deadlineNanos) throws InterruptedException {
            for (Thread t : threads) {
                long leftMs = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
                if (leftMs <= 0) {
                    return;
                }
                t.join(leftMs);
            }
        }
    }
}
