package dev.sessionkeeper.internal;

import dev.sessionkeeper.events.EventHandler;
import dev.sessionkeeper.events.SessionEvents;
import dev.sessionkeeper.events.Subscription;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One reading thread per shard, each on a connection of its own so that its blocking reads
 * never hold up the shared connection. The subclass says what one read does.
 */
abstract class ShardReaders implements Subscription {

    private static final Logger log = LoggerFactory.getLogger(SessionEvents.class);

    final RedisConnection redis;
    final KeyLayout keys;
    final StoreSettings settings;
    final EventHandler handler;
    final EventDecoder decoder;
    private final List<Thread> threads = new ArrayList<>();
    private final List<StatefulConnection<String, byte[]>> connections = new ArrayList<>();
    private final Duration blockTime;
    private final CountDownLatch closing = new CountDownLatch(1);
    private Runnable onClose = () -> { };
    volatile boolean running = true;

    ShardReaders(RedisConnection redis, KeyLayout keys, StoreSettings settings, EventHandler handler, Duration blockTime) {
        this.redis = redis;
        this.keys = keys;
        this.settings = settings;
        this.handler = handler;
        this.decoder = new EventDecoder(settings.codec());
        this.blockTime = blockTime;
    }

    /** Reads once from the shard's stream (blocking up to the block time) and handles what came. */
    abstract void readOnce(int shard, RedisClusterCommands<String, byte[]> commands);

    /** Called once when the subscription closes (the owner forgets it). */
    void onClose(Runnable action) {
        this.onClose = action;
    }

    /**
     * Runs a subscription's start-up; if any part fails (a connection cannot be opened), what
     * was started is stopped again before the failure is reported.
     */
    <S extends ShardReaders> S startOrClean(S self, Runnable startup) {
        try {
            startup.run();
            return self;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts one reader per shard, plus the extra loops a subclass adds. */
    void startReaders(String name) {
        for (int shard = 0; shard < settings.shards(); shard++) {
            StatefulConnection<String, byte[]> connection = redis.openDedicated(blockTime.plus(settings.commandTimeout()));
            connections.add(connection);
            int s = shard;
            RedisClusterCommands<String, byte[]> commands = RedisConnection.sync(connection);
            startLoop(name + "-" + SessionIds.shardTag(shard), () -> readOnce(s, commands));
        }
    }

    /** Runs {@code step} until the subscription closes; failures back off and retry. */
    void startLoop(String name, Runnable step) {
        Thread t = new Thread(() -> {
            long failures = 0;
            while (running) {
                try {
                    step.run();
                    failures = 0;
                } catch (RuntimeException e) {
                    if (!running) {
                        return;
                    }
                    failures++;
                    if (failures == 1 || failures % 60 == 0) {
                        log.warn("{}: {} (retrying; {} failures in a row)", name,
                                LogText.escape(RedisConnection.rootMessage(e)), failures);
                    }
                    pause(Math.min(5000, 100L * failures) + ThreadLocalRandom.current().nextInt(100));
                }
            }
        }, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /** Waits, but wakes at once when the subscription closes. */
    void pause(long millis) {
        try {
            closing.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        closing.countDown();
        onClose.run();
        // Closing the connections aborts reads blocked in Redis; a handler call in progress
        // finishes, and its thread then sees that the subscription is closed.
        for (StatefulConnection<String, byte[]> c : connections) {
            c.closeAsync();
        }
        for (Thread t : threads) {
            try {
                t.join(blockTime.plus(settings.commandTimeout()).toMillis() + 5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
