package dev.sessionkeeper.bench;

import dev.sessionkeeper.testkit.ScriptCalls;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The benchmark's own view of Redis, on a connection of its own: server statistics (INFO),
 * the size of indexes, the slow log. Standalone Redis only: every call goes to the node of the URL.
 */
final class RedisProbe implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> sync;
    private final RedisAsyncCommands<String, String> async;

    RedisProbe(String url) {
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(Duration.ofSeconds(30));
        this.client = RedisClient.create(uri);
        this.connection = client.connect();
        this.sync = connection.sync();
        this.async = connection.async();
    }

    /**
     * Starts a thread that PINGs Redis on a connection of its own every millisecond and records
     * each round trip: how long Redis itself keeps a client waiting, apart from any store's client.
     * Stopped by closing the returned handle.
     */
    Pinger startPinger() {
        return new Pinger(client.connect());
    }

    /** See {@link #startPinger()}. */
    static final class Pinger implements AutoCloseable {
        private final StatefulRedisConnection<String, String> connection;
        private final Latencies latencies = new Latencies();
        private final Thread thread;
        private volatile boolean running = true;

        private Pinger(StatefulRedisConnection<String, String> connection) {
            this.connection = connection;
            this.thread = new Thread(() -> {
                while (running) {
                    long start = System.nanoTime();
                    connection.sync().ping();
                    latencies.recordMicros((System.nanoTime() - start) / 1000);
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                }
            }, "bench-ping");
            thread.setDaemon(true);
            thread.start();
        }

        Latencies latencies() {
            return latencies;
        }

        @Override
        public void close() {
            running = false;
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            connection.close();
        }
    }

    /** One INFO call; the fields of the sections asked for ("all" for every section). */
    Map<String, String> info(String section) {
        Map<String, String> fields = new HashMap<>();
        for (String line : sync.info(section).split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return fields;
    }

    /** A snapshot of the counters the workloads difference: one INFO call. */
    Stats stats() {
        return new Stats(info("all"), System.nanoTime());
    }

    /** Redis's clock, ms. */
    long timeMillis() {
        List<String> t = sync.time();
        return Long.parseLong(t.get(0)) * 1000 + Long.parseLong(t.get(1)) / 1000;
    }

    long zcardSum(List<String> keys) {
        List<RedisFuture<Long>> futures = new ArrayList<>(keys.size());
        for (String key : keys) {
            futures.add(async.zcard(key));
        }
        return sum(futures);
    }

    /** Members with a score up to Redis's now, summed over the keys. */
    long zcountUpToNow(List<String> keys) {
        long now = timeMillis();
        List<RedisFuture<Long>> futures = new ArrayList<>(keys.size());
        for (String key : keys) {
            futures.add(async.zcount(key, Range.create(Double.NEGATIVE_INFINITY, (double) now)));
        }
        return sum(futures);
    }

    /** All members of a sorted set (small sets only: one ZRANGE). */
    List<String> sortedSetMembers(String key) {
        return sync.zrange(key, 0, -1);
    }

    /** All members of a set (small sets only: one SMEMBERS). */
    List<String> setMembers(String key) {
        return new ArrayList<>(sync.smembers(key));
    }

    /** The keys matching a pattern, by SCAN (the benchmark's own namespaces only). */
    List<String> keys(String pattern) {
        List<String> keys = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = sync.scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000));
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return keys;
    }

    /** CONFIG SET; false when the server refuses CONFIG (managed Redis). */
    boolean configSet(String name, String value) {
        try {
            sync.configSet(name, value);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    long countKeys(String pattern) {
        long n = 0;
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = sync.scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000));
            n += page.getKeys().size();
            cursor = page;
        } while (!cursor.isFinished());
        return n;
    }

    void deleteKeys(String pattern) {
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = sync.scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000));
            if (!page.getKeys().isEmpty()) {
                sync.unlink(page.getKeys().toArray(String[]::new));
            }
            cursor = page;
        } while (!cursor.isFinished());
    }

    /** The id of the newest slow log entry, or -1 when the log is empty. */
    long lastSlowlogId() {
        List<SlowEntry> entries = slowlog(1);
        return entries.isEmpty() ? -1 : entries.get(0).id();
    }

    /** Slow log entries newer than the given id (at most the last 10,000). */
    List<SlowEntry> slowlogSince(long afterId) {
        List<SlowEntry> newer = new ArrayList<>();
        for (SlowEntry e : slowlog(10_000)) {
            if (e.id() > afterId) {
                newer.add(e);
            }
        }
        return newer;
    }

    private List<SlowEntry> slowlog(int count) {
        List<SlowEntry> entries = new ArrayList<>();
        for (Object o : sync.slowlogGet(count)) {
            List<?> entry = (List<?>) o;
            List<?> args = (List<?>) entry.get(3);
            String command = args.isEmpty() ? "?" : String.valueOf(args.get(0)).toLowerCase();
            String detail = args.size() < 2 ? "" : String.valueOf(args.get(1));
            if (args.size() > 2) {
                detail += " " + args.get(2);
            }
            entries.add(new SlowEntry((Long) entry.get(0), (Long) entry.get(2), command, detail));
        }
        return entries;
    }

    /** Empties the slow log and makes it keep every command from now on that takes {@code micros} or longer. */
    void slowlogFrom(long micros) {
        sync.configSet("slowlog-log-slower-than", Long.toString(micros));
        sync.slowlogReset();
    }

    /** Puts the slow log threshold back to what {@link #slowlogThresholdMicros()} read before. */
    void restoreSlowlogThreshold(long micros) {
        sync.configSet("slowlog-log-slower-than", Long.toString(micros));
    }

    /** Slow log threshold in µs, or -1 when CONFIG is not allowed. */
    long slowlogThresholdMicros() {
        try {
            Map<String, String> c = sync.configGet("slowlog-log-slower-than");
            return Long.parseLong(c.getOrDefault("slowlog-log-slower-than", "-1"));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static long sum(List<RedisFuture<Long>> futures) {
        long n = 0;
        for (RedisFuture<Long> f : futures) {
            try {
                n += f.get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Redis call failed: " + e, e);
            }
        }
        return n;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    /** One slow log entry: its id, how long the command ran (µs) and its name. */
    record SlowEntry(long id, long micros, String command, String detail) {
    }

    /** INFO fields at one instant. */
    record Stats(Map<String, String> fields, long nanoTime) {

        long totalCommands() {
            return Long.parseLong(fields.getOrDefault("total_commands_processed", "0"));
        }

        /** Redis's CPU seconds, user + system, main thread and others. */
        double cpuSeconds() {
            return Double.parseDouble(fields.getOrDefault("used_cpu_user", "0"))
                    + Double.parseDouble(fields.getOrDefault("used_cpu_sys", "0"));
        }

        long usedMemory() {
            return Long.parseLong(fields.getOrDefault("used_memory", "0"));
        }

        /**
         * calls and usec of every script call: FCALL (sessionkeeper's function library on Redis 7),
         * EVALSHA and EVAL (6.2, or a fallback).
         */
        long[] scripts() {
            long[] sum = new long[2];
            for (String command : ScriptCalls.SCRIPT_COMMANDS) {
                long[] c = command(command);
                sum[0] += c[0];
                sum[1] += c[1];
            }
            return sum;
        }

        /** calls and usec of one command from commandstats, e.g. "evalsha"; zeros when absent. */
        long[] command(String name) {
            String v = fields.get("cmdstat_" + name);
            long calls = 0;
            long usec = 0;
            if (v != null) {
                for (String part : v.split(",")) {
                    int eq = part.indexOf('=');
                    if (eq < 0) {
                        continue;
                    }
                    String k = part.substring(0, eq);
                    if (k.equals("calls")) {
                        calls = Long.parseLong(part.substring(eq + 1));
                    } else if (k.equals("usec")) {
                        usec = Long.parseLong(part.substring(eq + 1));
                    }
                }
            }
            return new long[] {calls, usec};
        }

        double secondsSince(Stats earlier) {
            return (nanoTime - earlier.nanoTime) / 1e9;
        }
    }
}
