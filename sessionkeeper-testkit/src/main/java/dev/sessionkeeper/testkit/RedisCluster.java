package dev.sessionkeeper.testkit;

import dev.sessionkeeper.process.Resp;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis Cluster of real {@code redis-server} processes on {@code 127.0.0.1}: masters sharing the 16384 slots
 * evenly, each with the same number of replicas.
 *
 * <pre>{@code
 * try (RedisCluster cluster = RedisCluster.builder().masters(3).replicasPerMaster(1).build().start()) {
 *     RedisClusterClient client = RedisClusterClient.create(
 *             cluster.nodeUris().stream().map(RedisURI::create).toList());
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #start()} returns only once every node reports {@code cluster_state:ok}, knows every other node,
 * and every replica is linked to its master, so a client connecting right after sees a complete topology.
 */
public final class RedisCluster implements AutoCloseable {

    /** Number of hash slots in a Redis Cluster. */
    public static final int SLOTS = 16384;

    private static final Logger log = LoggerFactory.getLogger(RedisCluster.class);
    private static final Duration FORM_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private final int replicasPerMaster;
    private final List<RedisServer> masters;
    private final List<RedisServer> replicas;
    private final List<RedisServer> nodes;
    private boolean formed;

    private RedisCluster(Builder b) {
        this.replicasPerMaster = b.replicasPerMaster;
        List<RedisServer> m = new ArrayList<>();
        List<RedisServer> r = new ArrayList<>();
        for (int i = 0; i < b.masters; i++) {
            m.add(b.node());
        }
        for (int i = 0; i < b.masters * b.replicasPerMaster; i++) {
            r.add(b.node());
        }
        this.masters = Collections.unmodifiableList(m);
        this.replicas = Collections.unmodifiableList(r);
        List<RedisServer> all = new ArrayList<>(m);
        all.addAll(r);
        this.nodes = Collections.unmodifiableList(all);
    }

    /**
     * A builder for a cluster that is not started yet; 3 masters without replicas unless told otherwise.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts every node and, the first time, joins them into a cluster (CLUSTER MEET, ADDSLOTS, REPLICATE);
     * after a {@link #stop()} the nodes rejoin from their {@code nodes.conf}. Waits (at most 30 s) until the
     * cluster is healthy.
     *
     * @return this cluster
     * @throws IllegalStateException if a node does not start or the cluster does not become healthy; the
     *     message then carries the end of every node's log
     */
    public synchronized RedisCluster start() {
        long began = System.nanoTime();
        try {
            for (RedisServer node : nodes) {
                node.start();
            }
            try (Admin admin = new Admin()) {
                if (!formed) {
                    form(admin);
                    formed = true;
                }
                awaitHealthy(admin);
            }
        } catch (RuntimeException e) {
            String tails = logTails(30);
            stop();
            throw new IllegalStateException("Redis cluster failed to start: " + e.getMessage() + "\n" + tails, e);
        }
        log.debug("Redis cluster {} ready in {} ms", uri(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
        return this;
    }

    /** Stops every node; their data dirs and cluster identities stay for a later {@link #start()}. */
    public synchronized void stop() {
        // Replicas first, so that no replica logs a failed sync against a master that just went away.
        for (RedisServer replica : replicas) {
            replica.stop();
        }
        for (RedisServer master : masters) {
            master.stop();
        }
    }

    /** Stops every node and deletes their data dirs. */
    @Override
    public synchronized void close() {
        stop();
        for (RedisServer node : nodes) {
            node.close();
        }
    }

    /**
     * All nodes: the masters, then the replicas.
     *
     * @return an unmodifiable list of every node
     */
    public List<RedisServer> nodes() {
        return nodes;
    }

    /**
     * The masters, in slot order: the first serves the lowest slots.
     *
     * @return the masters as first started, in slot order
     */
    public List<RedisServer> masters() {
        return masters;
    }

    /**
     * The replicas: those of the first master, then those of the second, and so on.
     *
     * @return the replicas, empty for a cluster without them
     */
    public List<RedisServer> replicas() {
        return replicas;
    }

    /**
     * The master a replica was attached to by the first {@link #start()}.
     *
     * @param replica one of {@link #replicas()}
     * @return its first master, which a failover may since have demoted
     */
    public RedisServer masterOf(RedisServer replica) {
        int index = replicas.indexOf(replica);
        if (index < 0) {
            throw new IllegalArgumentException(replica + " is not a replica of this cluster");
        }
        return masters.get(index / replicasPerMaster);
    }

    /**
     * {@code redis-cluster://127.0.0.1:p1,127.0.0.1:p2,...} listing the masters, the form sessionkeeper's
     * configuration accepts.
      *
      * @return the URL of the masters as first started
     */
    public String uri() {
        return masters.stream().map(m -> m.host() + ":" + m.port()).collect(Collectors.joining(",", "redis-cluster://", ""));
    }

    /**
     * {@code redis://127.0.0.1:p} for every node, masters first; Lettuce's cluster client takes these as seeds.
     *
     * @return one URI per node
     */
    public List<String> nodeUris() {
        return nodes.stream().map(RedisServer::uri).collect(Collectors.toUnmodifiableList());
    }

    /**
     * FLUSHALL on every master, then waits (at most 5 s) until the replicas have applied it, so that a test
     * reading from a replica afterwards sees an empty cluster too.
     */
    public void flushAll() {
        for (RedisServer master : masters) {
            master.flushAll();
            if (replicasPerMaster > 0) {
                try {
                    Resp.command(master.host(), master.port(), Duration.ofSeconds(6),
                            "WAIT", Integer.toString(replicasPerMaster), "5000");
                } catch (IOException e) {
                    throw new IllegalStateException("WAIT after FLUSHALL on " + master + " failed", e);
                }
            }
        }
    }

    /**
     * The hash slot of a key ({@code CLUSTER KEYSLOT}), e.g. of {@code "{007}"} for every key tagged so.
     *
     * @param key any key
     * @return its slot, 0 to 16383
     */
    public int slotOf(String key) {
        try (Admin admin = new Admin()) {
            return (int) (long) admin.on(masters.get(0)).clusterKeyslot(key);
        }
    }

    /**
     * The master that serves a slot now, as the first master's {@code CLUSTER NODES} tells it.
     *
     * @param slot 0 to 16383
     * @return the node that serves it
     */
    public RedisServer ownerOf(int slot) {
        try (Admin admin = new Admin()) {
            for (String line : admin.on(masters.get(0)).clusterNodes().lines().collect(Collectors.toList())) {
                String[] f = line.split(" ");
                if (f.length < 9 || !f[2].contains("master")) {
                    continue;
                }
                for (int i = 8; i < f.length; i++) {
                    if (f[i].startsWith("[")) {
                        continue;
                    }
                    String[] range = f[i].split("-");
                    int from = Integer.parseInt(range[0]);
                    int to = Integer.parseInt(range[range.length - 1]);
                    if (slot >= from && slot <= to) {
                        int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@')));
                        return nodes.stream().filter(n -> n.port() == port).findFirst()
                                .orElseThrow(() -> new IllegalStateException("slot " + slot + " is served by an unknown node " + f[1]));
                    }
                }
            }
        }
        throw new IllegalStateException("no master serves slot " + slot);
    }

    /**
     * Starts moving a slot from the master that serves it to {@code target}: a test then moves keys one by
     * one while clients run, and {@link SlotMigration#finish() finishes}. See {@link SlotMigration}.
      *
      * @param slot the slot to move
      * @param target a master other than the slot's owner
      * @return the migration in progress: the slot is {@code MIGRATING} on its owner and {@code IMPORTING} on the target
     */
    public SlotMigration migrate(int slot, RedisServer target) {
        if (!masters.contains(target)) {
            throw new IllegalArgumentException(target + " is not a master of this cluster");
        }
        return new SlotMigration(slot, ownerOf(slot), target, masters);
    }

    /**
     * The last {@code lines} lines of every node's log, each under a header naming the node.
     *
     * @param lines how many lines per node
     * @return the tails, for a failing test's report
     */
    public String logTails(int lines) {
        StringBuilder sb = new StringBuilder();
        for (RedisServer node : nodes) {
            String role = masters.contains(node) ? "master" : "replica";
            String address;
            try {
                address = node.host() + ":" + node.port();
            } catch (IllegalStateException neverStarted) {
                address = "(not started)";
            }
            sb.append("----- ").append(role).append(' ').append(address).append(" (").append(node.logFile()).append(") -----\n");
            sb.append(node.logTail(lines));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "RedisCluster[" + masters.size() + " masters, " + replicasPerMaster + " replicas each]";
    }

    private void form(Admin admin) {
        Map<RedisServer, String> ids = new LinkedHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            RedisCommands<String, String> node = admin.on(nodes.get(i));
            ids.put(nodes.get(i), node.clusterMyId());
            // Distinct epochs up front, as redis-cli does: otherwise nodes that all claimed slots at epoch 0
            // must first settle the collision, which delays cluster_state:ok.
            node.clusterSetConfigEpoch(i + 1L);
        }
        RedisServer first = nodes.get(0);
        for (RedisServer node : nodes.subList(1, nodes.size())) {
            admin.on(node).clusterMeet(first.host(), first.port());
        }
        for (int i = 0; i < masters.size(); i++) {
            int from = i * SLOTS / masters.size();
            int to = (i + 1) * SLOTS / masters.size();
            // ADDSLOTSRANGE would be shorter but needs Redis 7; 6.2 is the floor.
            admin.on(masters.get(i)).clusterAddSlots(IntStream.range(from, to).toArray());
        }
        // CLUSTER REPLICATE fails with "Unknown node" until gossip has told the replica about its master.
        await("every node knows all " + nodes.size() + " nodes", () -> {
            for (RedisServer node : nodes) {
                String unmet = knowsAllNodes(node, admin.on(node).clusterNodes());
                if (unmet != null) {
                    return unmet;
                }
            }
            return null;
        });
        for (RedisServer replica : replicas) {
            admin.on(replica).clusterReplicate(ids.get(masterOf(replica)));
        }
    }

    private void awaitHealthy(Admin admin) {
        await("cluster_state:ok on every node with all replicas linked", () -> {
            for (RedisServer node : nodes) {
                RedisCommands<String, String> commands = admin.on(node);
                Map<String, String> info = fields(commands.clusterInfo());
                if (!"ok".equals(info.get("cluster_state"))) {
                    return node + " reports cluster_state:" + info.get("cluster_state");
                }
                if (!Integer.toString(SLOTS).equals(info.get("cluster_slots_assigned"))) {
                    return node + " reports cluster_slots_assigned:" + info.get("cluster_slots_assigned");
                }
                String unmet = knowsAllNodes(node, commands.clusterNodes());
                if (unmet != null) {
                    return unmet;
                }
                if (replicas.contains(node)) {
                    Map<String, String> replication = fields(commands.info("replication"));
                    if (!"up".equals(replication.get("master_link_status"))) {
                        return node + " reports master_link_status:" + replication.get("master_link_status");
                    }
                }
            }
            return null;
        });
    }

    /** Null when {@code node}'s CLUSTER NODES lists every node with its intended role; else what is missing. */
    private String knowsAllNodes(RedisServer node, String clusterNodes) {
        List<String> lines = clusterNodes.lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
        if (lines.size() != nodes.size()) {
            return node + " knows " + lines.size() + " of " + nodes.size() + " nodes";
        }
        int masterCount = 0;
        int replicaCount = 0;
        for (String line : lines) {
            String[] f = line.split(" ");
            String flags = f.length > 2 ? f[2] : "";
            if (flags.contains("handshake") || flags.contains("noaddr") || flags.contains("fail")) {
                return node + " sees a node as " + flags;
            }
            if (flags.contains("master")) {
                masterCount++;
            } else if (flags.contains("slave")) {
                replicaCount++;
            }
        }
        if (formed && (masterCount != masters.size() || replicaCount != replicas.size())) {
            return node + " sees " + masterCount + " masters and " + replicaCount + " replicas";
        }
        return null;
    }

    private static Map<String, String> fields(String info) {
        Map<String, String> result = new LinkedHashMap<>();
        info.lines().forEach(line -> {
            int colon = line.indexOf(':');
            if (colon > 0) {
                result.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        });
        return result;
    }

    private static void await(String what, Condition condition) {
        long deadline = System.nanoTime() + FORM_TIMEOUT.toNanos();
        String unmet;
        do {
            unmet = condition.unmet();
            if (unmet == null) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for: " + what, e);
            }
        } while (System.nanoTime() < deadline);
        throw new IllegalStateException("not ready within " + FORM_TIMEOUT.toSeconds() + " s, waiting for " + what
                + "; last seen: " + unmet);
    }

    @FunctionalInterface
    private interface Condition {
        /** Null when met, else a description of what is not. */
        String unmet();
    }

    /** Lettuce connections to every node, only for as long as start() needs them. */
    private final class Admin implements AutoCloseable {
        private final ClientResources resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .build();
        private final RedisClient client = RedisClient.create(resources);
        private final Map<RedisServer, StatefulRedisConnection<String, String>> connections = new LinkedHashMap<>();

        RedisCommands<String, String> on(RedisServer node) {
            return connections.computeIfAbsent(node, n -> {
                RedisURI uri = RedisURI.builder().withHost(n.host()).withPort(n.port()).withTimeout(COMMAND_TIMEOUT).build();
                return client.connect(uri);
            }).sync();
        }

        @Override
        public void close() {
            connections.values().forEach(StatefulRedisConnection::close);
            client.shutdown(0, 2, TimeUnit.SECONDS);
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    /** Configures a {@link RedisCluster} before it is started. */
    public static final class Builder {
        private int masters = 3;
        private int replicasPerMaster;
        private Duration clusterNodeTimeout = Duration.ofMillis(2000);
        private final List<String[]> config = new ArrayList<>();

        private Builder() {
        }

        /**
         * Number of masters, at least 1; 3 by default.
         *
         * @param count the number of masters
         * @return this builder
         */
        public Builder masters(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("a cluster needs at least one master: " + count);
            }
            this.masters = count;
            return this;
        }

        /**
         * Replicas attached to each master, 0 by default.
         *
         * @param count replicas per master, 0 or more
         * @return this builder
         */
        public Builder replicasPerMaster(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("replicas per master must not be negative: " + count);
            }
            this.replicasPerMaster = count;
            return this;
        }

        /**
         * {@code cluster-node-timeout} of every node; 2 s by default.
         *
         * @param timeout a positive timeout
         * @return this builder
         */
        public Builder clusterNodeTimeout(Duration timeout) {
            this.clusterNodeTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * A directive for every node; see {@link RedisServer.Builder#config(String, String)}.
         *
         * @param key the directive
         * @param value its value
         * @return this builder
         */
        public Builder config(String key, String value) {
            config.add(new String[] {Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value")});
            return this;
        }

        /**
         * Creates the cluster's nodes, not started; {@link RedisCluster#start()} starts it.
         *
         * @return the cluster, not started
         */
        public RedisCluster build() {
            return new RedisCluster(this);
        }

        private RedisServer node() {
            RedisServer.Builder b = RedisServer.builder().clusterEnabled(true).clusterNodeTimeout(clusterNodeTimeout);
            for (String[] directive : config) {
                b.config(directive[0], directive[1]);
            }
            return b.build();
        }
    }
}
