package dev.sessionkeeper.internal;

import dev.sessionkeeper.expiry.ExpiryObserver;
import dev.sessionkeeper.expiry.ExpiryWorker;
import dev.sessionkeeper.expiry.ExpiryWorkerSettings;
import dev.sessionkeeper.expiry.WorkerStats;
import io.lettuce.core.ScriptOutputType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The expiry loop. Each step asks every shard, pipelined, which sessions are due (due.lua) and
 * expires them (expire.lua), then sleeps until the earliest deadline it saw, capped by the
 * maximum sleep. With a backlog (a full batch anywhere) it goes on after a short pause (the
 * drain pause), so a backlog drains nearly as fast as Redis runs the scripts while other
 * clients still find Redis idle often enough; an idle worker sends one small call per shard
 * per maximum sleep.
 *
 * <p>Correctness lives in the scripts, not here: a worker killed at any point leaves each
 * session either untouched or fully expired with its event, and racing workers find the
 * sessions already expired by the other gone from the due index.
 */
final class RedisExpiryWorker implements ExpiryWorker {

    private static final Logger log = LoggerFactory.getLogger(ExpiryWorker.class);
    private static final LuaScript DUE = LuaScript.loadReadOnly("due");

    /** due.lua's reply: {now, next deadline after now or -1, backlog, id, ...}; the ids stay as the reply has them. */
    record DueReply(long now, long next, long backlog, List<Object> ids) {
        static DueReply parse(Object reply) {
            List<Object> r = ScriptCode.array(DUE.name(), reply, 3);
            for (int i = 3; i < r.size(); i++) {
                ScriptCode.bytes(DUE.name(), r, i);
            }
            return new DueReply(ScriptCode.integer(DUE.name(), r, 0), ScriptCode.integer(DUE.name(), r, 1),
                    ScriptCode.integer(DUE.name(), r, 2), r.subList(3, r.size()));
        }
    }

    private static final LuaScript EXPIRE = LuaScript.load("expire");

    /** expire.lua's reply: {expired count, lateness ms of each, ...}. */
    record ExpireReply(long expired, long[] lateness) {
        static ExpireReply parse(Object reply) {
            List<Object> r = ScriptCode.array(EXPIRE.name(), reply, 1);
            long[] late = new long[r.size() - 1];
            for (int i = 1; i < r.size(); i++) {
                late[i - 1] = ScriptCode.integer(EXPIRE.name(), r, i);
            }
            return new ExpireReply(ScriptCode.integer(EXPIRE.name(), r, 0), late);
        }
    }
    private static final LuaScript TRIM = LuaScript.load("trim");

    private final ScriptRunner scripts;
    private final KeyLayout keys;
    private final StoreSettings settings;
    private final int[] shards;
    /** Per shard (by index in {@link #shards}): failures in a row, and when to try it again. */
    private final int[] shardFailures;
    private final long[] retryAtNanos;
    private final int batchSize;
    private final int maxInFlight;
    private final long drainPauseNanos;

    /** What a step returns when a full batch left more due sessions behind. */
    private static final long BACKLOG = -1;
    private final long maxSleepMs;
    private final long trimIntervalMs;
    private final byte[] batchArg;
    private final byte[] maxLenArg;
    private final byte[] snapshotArg;
    private final byte[] quarantineArg;
    /** The shards this worker covers, by shard number. */
    private final boolean[] covers;
    /**
     * When the worker means to wake next, by Redis's clock: a deadline set before it (a save that
     * shortened the idle timeout, a rotation, a session created with a short timeout) wakes it.
     * {@code Long.MAX_VALUE} until the first pass has planned: any deadline wakes it then.
     */
    private volatile long plannedWakeMs = Long.MAX_VALUE;
    /**
     * The earliest deadline announced since the current pass began: one announced while the
     * pass ran may be missing from what it read, and must not be slept past.
     */
    private final AtomicLong announced = new AtomicLong(Long.MAX_VALUE);
    private volatile boolean woken;
    private final Thread thread;
    private final ExpiryObserver observer;
    private final WorkerHeartbeats heartbeats;

    private final LongAdder expired = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final AtomicLong backlog = new AtomicLong();
    private final LatencyWindow lateness = new LatencyWindow(8192);
    private volatile boolean running = true;
    private long lastTrim;
    private long lastHeartbeat;

    RedisExpiryWorker(ScriptRunner scripts, KeyLayout keys, StoreSettings settings, ExpiryWorkerSettings config,
                      ExpiryObserver observer) {
        this.scripts = scripts;
        this.keys = keys;
        this.settings = settings;
        this.shards = config.shards();
        this.shardFailures = new int[shards.length];
        this.retryAtNanos = new long[shards.length];
        this.covers = new boolean[settings.shards()];
        for (int shard : shards) {
            covers[shard] = true;
        }
        this.batchSize = config.batchSize();
        this.maxInFlight = config.maxInFlight();
        this.drainPauseNanos = config.drainPause().toNanos();
        this.maxSleepMs = config.maxSleep().toMillis();
        this.trimIntervalMs = config.trimInterval().toMillis();
        this.batchArg = ScriptRunner.arg(batchSize);
        this.maxLenArg = ScriptRunner.arg(settings.eventsMaxLength());
        this.snapshotArg = ScriptRunner.arg(settings.snapshotSpec());
        this.quarantineArg = ScriptRunner.arg(settings.quarantineMs());
        this.observer = observer;
        this.heartbeats = new WorkerHeartbeats(scripts, keys, shards, config.heartbeatInterval());
        this.thread = new Thread(this::loop, "sk-expiry-worker");
        this.thread.setDaemon(true);
    }

    RedisExpiryWorker start() {
        scripts.preload(DUE, EXPIRE, TRIM);
        heartbeats.preload();
        log.info("expiry worker started on {} shards of namespace '{}' (batch {}, max sleep {} ms)",
                shards.length, keys.namespace(), batchSize, maxSleepMs);
        thread.start();
        observer.workerStarted(this);
        return this;
    }

    private void loop() {
        long consecutiveFailures = 0;
        while (running) {
            long sleep;
            try {
                sleep = step();
                consecutiveFailures = 0;
            } catch (RuntimeException e) {
                failures.increment();
                consecutiveFailures++;
                if (consecutiveFailures == 1 || consecutiveFailures % 30 == 0) {
                    log.warn("expiry step failed ({} in a row), retrying: {}", consecutiveFailures,
                            LogText.escape(e.getMessage()));
                }
                sleep = Math.min(5000, 200 * consecutiveFailures);
            }
            heartbeatIfDue();
            if (sleep == BACKLOG) {
                pauseBetweenBatches();
            } else if (sleep > 0) {
                pause(Math.min(sleep, heartbeats.intervalMs()));
            }
        }
        try {
            heartbeats.beat(stats(), true);
        } catch (RuntimeException e) {
            // Readers then see the worker go silent instead of stopping: the same conclusion, later.
            log.debug("could not write the last heartbeat: {}", e.getMessage());
        }
        log.info("expiry worker stopped after expiring {} sessions", expired.sum());
    }

    /**
     * One pass over the shards; returns how long to sleep before the next, or {@link #BACKLOG}.
     *
     * <p>Each shard stands alone: a shard whose call fails (its master is down or failing over,
     * which can last the cluster node timeout) is set aside with a backoff of its own, and the
     * pass goes on with the others, so expiry on healthy masters never waits for a sick one.
     */
    private long step() {
        announced.set(Long.MAX_VALUE);
        long nowNanos = System.nanoTime();
        List<Integer> active = new ArrayList<>(shards.length);
        List<CompletableFuture<List<Object>>> dues = new ArrayList<>(shards.length);
        for (int i = 0; i < shards.length; i++) {
            if (retryAtNanos[i] - nowNanos > 0) {
                continue;
            }
            try {
                dues.add(scripts.run(DUE, ScriptOutputType.MULTI, new String[] {keys.due(shards[i])}, batchArg));
                active.add(i);
            } catch (RuntimeException e) {
                shardFailed(i, e);
            }
        }
        long sleep = maxSleepMs;
        long seenBacklog = 0;
        boolean full = false;
        long expiredNow = 0;
        long redisNow = 0;
        List<Integer> expiring = new ArrayList<>();
        List<CompletableFuture<List<Object>>> expiries = new ArrayList<>();
        for (int k = 0; k < active.size(); k++) {
            int i = active.get(k);
            DueReply due;
            try {
                due = DueReply.parse(scripts.await(DUE.name(), dues.get(k)));
            } catch (RuntimeException e) {
                shardFailed(i, e);
                continue;
            }
            long now = due.now();
            long next = due.next();
            redisNow = Math.max(redisNow, now);
            seenBacklog += due.backlog();
            if (next > 0) {
                // +1: Redis's clock has millisecond steps; waking a hair early finds nothing due.
                sleep = Math.min(sleep, next - now + 1);
            }
            int ids = due.ids().size();
            if (ids > 0) {
                full |= ids >= batchSize;
                if (expiries.size() >= maxInFlight) {
                    // Each expiry script holds Redis for its whole batch; with a backlog, a queue of
                    // them would make every request wait behind all of them. Bounding how many are
                    // queued bounds that wait, at the price of one round trip of idle Redis per batch.
                    expiredNow += awaitExpiry(expiring.remove(0), expiries.remove(0));
                    pauseBetweenBatches();
                }
                try {
                    expiries.add(expire(shards[i], due.ids()));
                    expiring.add(i);
                } catch (RuntimeException e) {
                    shardFailed(i, e);
                }
            } else {
                shardHealthy(i);
            }
        }
        for (int k = 0; k < expiries.size(); k++) {
            expiredNow += awaitExpiry(expiring.get(k), expiries.get(k));
        }
        backlog.set(Math.max(0, seenBacklog - expiredNow));
        trimIfDue();
        long retry = untilFirstRetryMs();
        if (retry >= 0) {
            sleep = Math.min(sleep, retry);
        }
        long pause = full ? 0 : Math.max(0, Math.min(sleep, heartbeats.intervalMs()));
        plannedWakeMs = redisNow == 0 ? Long.MAX_VALUE : redisNow + pause;
        // Set the plan first, then look: a deadline announced after this line meets the new plan.
        if (announced.get() < plannedWakeMs) {
            woken = true;
        }
        return full ? BACKLOG : Math.max(0, sleep);
    }

    private long awaitExpiry(int i, CompletableFuture<List<Object>> future) {
        try {
            long count = record(scripts.await(EXPIRE.name(), future));
            shardHealthy(i);
            return count;
        } catch (RuntimeException e) {
            shardFailed(i, e);
            return 0;
        }
    }

    /** A shard's call failed: counted, logged now and then, and the shard waits its backoff. */
    private void shardFailed(int i, RuntimeException e) {
        failures.increment();
        int n = ++shardFailures[i];
        long backoffMs = Math.min(5000, 200L * n);
        retryAtNanos[i] = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs);
        if (n == 1 || n % 30 == 0) {
            log.warn("expiry on shard {} failed ({} in a row), retrying it in {} ms; the other shards go on: {}",
                    SessionIds.shardTag(shards[i]), n, backoffMs, LogText.escape(e.getMessage()));
        }
    }

    private void shardHealthy(int i) {
        if (shardFailures[i] > 0) {
            log.info("expiry on shard {} works again after {} failures", SessionIds.shardTag(shards[i]), shardFailures[i]);
            shardFailures[i] = 0;
        }
    }

    /** Milliseconds until the first set-aside shard may be tried again, or -1 when none is. */
    private long untilFirstRetryMs() {
        long now = System.nanoTime();
        long first = -1;
        for (int i = 0; i < shards.length; i++) {
            if (shardFailures[i] > 0) {
                long ms = Math.max(0, TimeUnit.NANOSECONDS.toMillis(retryAtNanos[i] - now) + 1);
                first = first < 0 ? ms : Math.min(first, ms);
            }
        }
        return first;
    }

    /**
     * A Redis kept busy with batches back to back makes every other client queue behind them;
     * a pause of a fraction of a batch's time keeps their waits short at some cost in drain rate
     * (docs/benchmarks.md measures both).
     */
    private void pauseBetweenBatches() {
        if (drainPauseNanos > 0) {
            LockSupport.parkNanos(drainPauseNanos);
        }
    }

    /** Counts one expiry script's reply; returns how many sessions it expired. */
    private long record(List<Object> raw) {
        ExpireReply reply = ExpireReply.parse(raw);
        batches.increment();
        long count = reply.expired();
        expired.add(count);
        for (long late : reply.lateness()) {
            lateness.record(late);
            observer.expired(late);
        }
        return count;
    }

    private CompletableFuture<List<Object>> expire(int shard, List<Object> ids) {
        String[] scriptKeys = new String[3 + 2 * ids.size()];
        byte[][] args = new byte[3 + ids.size()][];
        scriptKeys[0] = keys.due(shard);
        scriptKeys[1] = keys.events(shard);
        scriptKeys[2] = keys.principals(shard);
        args[0] = maxLenArg;
        args[1] = snapshotArg;
        args[2] = quarantineArg;
        for (int i = 0; i < ids.size(); i++) {
            byte[] raw = (byte[]) ids.get(i);
            String id = new String(raw, StandardCharsets.UTF_8);
            // Keys are built in the index's own shard whatever the member says, so a stray
            // member can never lead the script outside this slot.
            scriptKeys[3 + 2 * i] = keys.sessionOfShard(shard, id);
            scriptKeys[4 + 2 * i] = keys.quarantineOfShard(shard, id);
            args[3 + i] = raw;
        }
        return scripts.run(EXPIRE, ScriptOutputType.MULTI, scriptKeys, args);
    }

    private void trimIfDue() {
        long now = System.currentTimeMillis();
        if (now - lastTrim < trimIntervalMs) {
            return;
        }
        lastTrim = now;
        List<CompletableFuture<Long>> trims = new ArrayList<>(shards.length);
        for (int shard : shards) {
            trims.add(scripts.run(TRIM, ScriptOutputType.INTEGER, new String[] {keys.events(shard)},
                    ScriptRunner.arg(settings.eventsMaxAgeMs())));
        }
        for (int i = 0; i < trims.size(); i++) {
            try {
                scripts.await(TRIM.name(), trims.get(i));
            } catch (RuntimeException e) {
                // Retention catches up at the next interval; expiry must not wait for it.
                log.debug("trimming the events of shard {} failed: {}", SessionIds.shardTag(shards[i]),
                        LogText.escape(e.getMessage()));
            }
        }
    }

    /**
     * A heartbeat every interval, also while idle (the pause above is capped by the interval).
     * A failed heartbeat is not a failed step: expiring goes on, and readers see the gap.
     */
    private void heartbeatIfDue() {
        long now = System.currentTimeMillis();
        if (now - lastHeartbeat < heartbeats.intervalMs()) {
            return;
        }
        lastHeartbeat = now;
        try {
            heartbeats.beat(stats(), false);
        } catch (RuntimeException e) {
            log.debug("heartbeat failed: {}", e.getMessage());
        }
    }

    @Override
    public String id() {
        return heartbeats.id();
    }

    /**
     * Sleeps up to {@code millis}, or less when woken: by {@link #deadlineAt} or by close. A wake
     * that came while the pass ran is kept, so the worker passes again at once.
     */
    private void pause(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long left;
        while (running && !woken && (left = end - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
            if (Thread.interrupted()) {
                running = false;
            }
        }
        woken = false;
    }

    /**
     * A session of {@code shard} was given {@code deadline} (Redis's clock, as the scripts
     * reply it). When that is before the worker's planned wake-up, the worker wakes now and
     * plans again; otherwise this costs one comparison. Only this process's saves call it: a
     * worker in another process sees such a deadline at its next pass, at most its maximum
     * sleep later (docs/reliability.md).
     */
    void deadlineAt(int shard, long deadline) {
        if (shard < 0 || shard >= covers.length || !covers[shard]) {
            return;
        }
        if (deadline < announced.get()) {
            announced.accumulateAndGet(deadline, Math::min);
        }
        if (deadline < plannedWakeMs) {
            plannedWakeMs = deadline;
            woken = true;
            LockSupport.unpark(thread);
        }
    }

    @Override
    public WorkerStats stats() {
        return new WorkerStats(expired.sum(), batches.sum(), backlog.get(), lateness.quantile(0.5),
                lateness.quantile(0.99), lateness.quantile(1.0), failures.sum());
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        if (Thread.currentThread() != thread) {
            try {
                thread.join(settings.commandTimeout().toMillis() * 4 + 5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
