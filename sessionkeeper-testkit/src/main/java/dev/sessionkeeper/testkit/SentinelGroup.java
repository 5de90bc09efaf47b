package dev.sessionkeeper.testkit;

import dev.sessionkeeper.process.Resp;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Sentinel-managed Redis: one master, its replicas, and three Sentinels with a quorum of two
 * and one-second failure detection, so that a test can kill the master and watch a replica
 * take over within a few seconds.
 *
 * <pre>{@code
 * try (SentinelGroup group = SentinelGroup.builder().replicas(1).build().start()) {
 *     String url = group.uri();        // redis-sentinel://127.0.0.1:p1,127.0.0.1:p2,...#mymaster
 *     group.master().kill();           // Sentinels promote the replica
 *     group.awaitFailover(Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class SentinelGroup implements AutoCloseable {

    /** The name the Sentinels know the master by. */
    public static final String MASTER_NAME = "mymaster";

    private final int replicaCount;
    private final List<RedisServer> dataNodes = new ArrayList<>();
    private final List<RedisServer> sentinels = new ArrayList<>();

    private SentinelGroup(int replicas) {
        this.replicaCount = replicas;
    }

    /**
     * Starts configuring a group: a master, its replicas and three Sentinels.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the master, then the replicas (attached and in sync), then the Sentinels.
     *
     * @return this group, running
     */
    public synchronized SentinelGroup start() {
        RedisServer master = RedisServer.builder().build().start();
        dataNodes.add(master);
        for (int i = 0; i < replicaCount; i++) {
            dataNodes.add(RedisServer.builder().config("replicaof", RedisServer.HOST + " " + master.port()).build().start());
        }
        awaitReplicasLinked(master, Duration.ofSeconds(15));
        for (int i = 0; i < 3; i++) {
            sentinels.add(RedisServer.builder().sentinelFor(master.port(), 2).build().start());
        }
        return this;
    }

    /**
     * The Sentinel URL of the group, as the store takes it.
     *
     * @return {@code redis-sentinel://127.0.0.1:p1,...#mymaster}
     */
    public synchronized String uri() {
        return "redis-sentinel://" + sentinels.stream().map(s -> RedisServer.HOST + ":" + s.port())
                .collect(Collectors.joining(",")) + "#" + MASTER_NAME;
    }

    /**
     * The data node the Sentinels currently name as master.
     *
     * @return the current master
     */
    public synchronized RedisServer master() {
        int port = masterPort();
        return dataNodes.stream().filter(n -> n.port() == port).findFirst()
                .orElseThrow(() -> new IllegalStateException("the Sentinels name an unknown master port " + port));
    }

    /**
     * The master and replicas.
     *
     * @return the master first started, then its replicas
     */
    public synchronized List<RedisServer> dataNodes() {
        return List.copyOf(dataNodes);
    }

    /**
     * Waits until the Sentinels name a master other than {@code formerMasterPort}.
     *
     * @throws IllegalStateException when no failover happened in time, with the Sentinels' logs
      * @param formerMasterPort the port of the master that was stopped
      * @param timeout how long to wait
     */
    public void awaitFailover(int formerMasterPort, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            try {
                if (masterPort() != formerMasterPort) {
                    return;
                }
            } catch (IllegalStateException sentinelsUnsure) {
                // Asked mid-failover: ask again.
            }
            sleep(100);
        }
        throw new IllegalStateException("no failover within " + timeout + "; Sentinel log:\n" + sentinels.get(0).logTail(40));
    }

    private int masterPort() {
        for (RedisServer s : sentinels) {
            try {
                String reply = Resp.commandArray(RedisServer.HOST, s.port(), Duration.ofSeconds(1),
                        "SENTINEL", "get-master-addr-by-name", MASTER_NAME);
                if (reply != null) {
                    return Integer.parseInt(reply.trim());
                }
            } catch (IOException | NumberFormatException unreachable) {
                // Try the next Sentinel.
            }
        }
        throw new IllegalStateException("no Sentinel answered with the master's address");
    }

    private void awaitReplicasLinked(RedisServer master, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            try {
                String info = Resp.bulk(RedisServer.HOST, master.port(), Duration.ofSeconds(1), "INFO", "replication");
                if (info != null && info.contains("connected_slaves:" + replicaCount)
                        && (replicaCount == 0 || info.contains("state=online"))) {
                    return;
                }
            } catch (IOException notYet) {
                // The master may still be starting.
            }
            sleep(50);
        }
        throw new IllegalStateException("replicas did not attach to the master within " + timeout);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The last lines of every process's log, for a failing test's report.
     *
     * @param lines how many lines per process
     * @return the tails, each under a header naming the process
     */
    public synchronized String logTails(int lines) {
        StringBuilder sb = new StringBuilder();
        for (RedisServer s : dataNodes) {
            sb.append("== ").append(s).append('\n').append(s.logTail(lines));
        }
        for (RedisServer s : sentinels) {
            sb.append("== sentinel ").append(s).append('\n').append(s.logTail(lines));
        }
        return sb.toString();
    }

    @Override
    public synchronized void close() {
        sentinels.forEach(RedisServer::close);
        dataNodes.forEach(RedisServer::close);
    }

    /** Configures a group. */
    public static final class Builder {
        private int replicas = 1;

        private Builder() {
        }

        /**
         * Replicas of the master (default 1, at least 1: a failover needs one to promote).
         *
         * @param count at least 1
         * @return this builder
         * @throws IllegalArgumentException when below 1
         */
        public Builder replicas(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("a Sentinel group needs at least one replica, got " + count);
            }
            this.replicas = count;
            return this;
        }

        /**
         * Creates the group, not started; {@link SentinelGroup#start()} starts it.
         *
         * @return the group
         */
        public SentinelGroup build() {
            return new SentinelGroup(replicas);
        }
    }
}
