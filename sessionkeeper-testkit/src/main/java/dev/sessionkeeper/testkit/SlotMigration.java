package dev.sessionkeeper.testkit;

import io.lettuce.core.MigrateArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One hash slot moving from its master to another, as {@code redis-cli --cluster reshard} moves it, but one
 * step at a time so that a test can act while the slot is half moved:
 *
 * <ol>
 *   <li>{@link RedisCluster#migrate} marks the slot {@code IMPORTING} on the target and {@code MIGRATING} on
 *       the source. From here the source answers {@code ASK} for keys it no longer has, and a command naming
 *       several keys of which only some are left gets {@code TRYAGAIN};</li>
 *   <li>{@link #moveKey} and {@link #moveKeys} {@code MIGRATE} keys to the target while clients go on;</li>
 *   <li>{@link #finish} moves the rest and assigns the slot to the target on every master
 *       ({@code CLUSTER SETSLOT ... NODE}); from then the source answers {@code MOVED}.</li>
 * </ol>
 *
 * <p>{@link #close()} without {@link #finish()} leaves the slot half moved; a test that must leave the cluster
 * healthy finishes every migration it starts.
 */
public final class SlotMigration implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final int MIGRATE_TIMEOUT_MS = 5000;

    private final int slot;
    private final RedisServer source;
    private final RedisServer target;
    private final List<RedisServer> masters;
    private final RedisClient client = RedisClient.create();
    private final Map<RedisServer, StatefulRedisConnection<String, String>> connections = new LinkedHashMap<>();
    private final String targetId;
    private boolean finished;

    SlotMigration(int slot, RedisServer source, RedisServer target, List<RedisServer> masters) {
        if (source.equals(target)) {
            throw new IllegalArgumentException("slot " + slot + " is already served by " + target);
        }
        this.slot = slot;
        this.source = source;
        this.target = target;
        this.masters = masters;
        try {
            String sourceId = on(source).clusterMyId();
            this.targetId = on(target).clusterMyId();
            // IMPORTING first, as redis-cli does: a client sent to the target by an ASK must find it ready.
            on(target).clusterSetSlotImporting(slot, sourceId);
            on(source).clusterSetSlotMigrating(slot, targetId);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * The slot being moved.
     *
     * @return the slot number
     */
    public int slot() {
        return slot;
    }

    /**
     * The master the slot leaves.
     *
     * @return the slot's owner when the migration started
     */
    public RedisServer source() {
        return source;
    }

    /**
     * The master the slot goes to.
     *
     * @return the target master
     */
    public RedisServer target() {
        return target;
    }

    /**
     * Moves one key of the slot to the target now; false when the source no longer had it.
     *
     * @param key a key of the slot
     * @return true when the key moved
     */
    public synchronized boolean moveKey(String key) {
        if (on(source).clusterKeyslot(key) != slot) {
            throw new IllegalArgumentException("key " + key + " is not in slot " + slot);
        }
        String reply = on(source).migrate(target.host(), target.port(), 0, MIGRATE_TIMEOUT_MS,
                MigrateArgs.Builder.keys(key));
        return "OK".equals(reply);
    }

    /**
     * Moves up to {@code max} of the keys still on the source; returns how many it moved.
     *
     * @param max the most keys to move
     * @return how many moved
     */
    public synchronized int moveKeys(int max) {
        List<String> keys = on(source).clusterGetKeysInSlot(slot, max);
        if (keys.isEmpty()) {
            return 0;
        }
        on(source).migrate(target.host(), target.port(), 0, MIGRATE_TIMEOUT_MS,
                MigrateArgs.Builder.keys(keys.toArray(String[]::new)));
        return keys.size();
    }

    /**
     * Keys of the slot still on the source.
     *
     * @return the count on the source now
     */
    public synchronized long keysLeft() {
        return on(source).clusterCountKeysInSlot(slot);
    }

    /**
     * Moves every key still on the source, in batches of 100, then gives the slot to the target on every
     * master (target first, then source, then the others, as redis-cli does).
     */
    public synchronized void finish() {
        if (finished) {
            return;
        }
        int moved;
        do {
            moved = moveKeys(100);
        } while (moved > 0);
        on(target).clusterSetSlotNode(slot, targetId);
        on(source).clusterSetSlotNode(slot, targetId);
        for (RedisServer master : masters) {
            if (!master.equals(source) && !master.equals(target)) {
                on(master).clusterSetSlotNode(slot, targetId);
            }
        }
        finished = true;
    }

    /** Closes the connections; the slot stays wherever the steps so far left it. */
    @Override
    public synchronized void close() {
        connections.values().forEach(StatefulRedisConnection::close);
        client.shutdown(0, 2, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "SlotMigration[slot " + slot + ", " + source + " -> " + target + (finished ? ", finished]" : "]");
    }

    private RedisCommands<String, String> on(RedisServer node) {
        return connections.computeIfAbsent(node, n -> client.connect(
                RedisURI.builder().withHost(n.host()).withPort(n.port()).withTimeout(COMMAND_TIMEOUT).build())).sync();
    }
}
