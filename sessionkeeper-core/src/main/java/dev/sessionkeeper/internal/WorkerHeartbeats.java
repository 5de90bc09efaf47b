package dev.sessionkeeper.internal;

import dev.sessionkeeper.expiry.WorkerStats;
import java.io.IOException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A worker's heartbeat: every interval it records who it is and how it is doing under
 * {@code <ns>:{workers}}, so that operators' tools ({@code sessionkeeper stats}, {@code doctor})
 * see the workers that run anywhere, and notice one that went silent.
 */
final class WorkerHeartbeats {

    /** How long a silent worker stays listed; also the keys' TTL, so nothing outlives the workers by more. */
    static final long RETENTION_MS = Duration.ofDays(1).toMillis();
    private static final LuaScript HEARTBEAT = LuaScript.load("heartbeat");

    private final ScriptRunner scripts;
    private final KeyLayout keys;
    private final String id;
    private final String host;
    private final String shards;
    private final long intervalMs;

    WorkerHeartbeats(ScriptRunner scripts, KeyLayout keys, int[] shards, Duration interval) {
        this.scripts = scripts;
        this.keys = keys;
        this.host = hostName();
        this.id = host + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(randomBytes());
        this.shards = compact(shards);
        this.intervalMs = interval.toMillis();
    }

    String id() {
        return id;
    }

    long intervalMs() {
        return intervalMs;
    }

    void preload() {
        scripts.preload(HEARTBEAT);
    }

    /** Writes one heartbeat with the worker's figures; {@code stopped} for the last one of a clean stop. */
    void beat(WorkerStats stats, boolean stopped) {
        List<byte[]> args = new ArrayList<>();
        args.add(ScriptRunner.arg(id));
        args.add(ScriptRunner.arg(RETENTION_MS));
        field(args, "host", host);
        field(args, "pid", Long.toString(ProcessHandle.current().pid()));
        field(args, "shards", shards);
        field(args, "interval", Long.toString(intervalMs));
        field(args, "state", stopped ? "stopped" : "running");
        field(args, "expired", Long.toString(stats.expired()));
        field(args, "backlog", Long.toString(stats.backlog()));
        field(args, "p99", Long.toString(stats.latenessP99Millis()));
        scripts.integer(HEARTBEAT, new String[] {keys.workers(), keys.worker(id)}, args.toArray(byte[][]::new));
    }

    private static void field(List<byte[]> args, String name, String value) {
        args.add(ScriptRunner.arg(name));
        args.add(ScriptRunner.arg(value));
    }

    /** The host name reduced to the characters a worker id may hold (it becomes part of a key). */
    private static String hostName() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            name = "unknown-host";
        }
        String safe = name.replaceAll("[^A-Za-z0-9.-]", "_");
        return safe.isEmpty() ? "unknown-host" : safe.substring(0, Math.min(safe.length(), 80));
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[3];
        new SecureRandom().nextBytes(b);
        return b;
    }

    /** E.g. {@code 0-7,9}. */
    static String compact(int[] shards) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < shards.length) {
            int j = i;
            while (j + 1 < shards.length && shards[j + 1] == shards[j] + 1) {
                j++;
            }
            out.append(out.length() > 0 ? "," : "").append(shards[i]);
            if (j > i) {
                out.append('-').append(shards[j]);
            }
            i = j + 1;
        }
        return out.toString();
    }
}
