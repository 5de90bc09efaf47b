package dev.sessionkeeper.internal;

import java.util.regex.Pattern;

/**
 * Every Redis key sessionkeeper writes. All keys of one shard share the hash tag
 * {@code {NNN}}, so each script's keys live in one slot on Redis Cluster, and every key starts
 * with the namespace, so an ACL rule {@code ~<ns>:*} covers them all.
 *
 * <pre>
 *   &lt;ns&gt;:{NNN}:s:&lt;id&gt;        string one session: a 64-byte header ({@link SessionHeader}), then one MessagePack
 *                                   map ({@link MessagePackMap}) of '@p' and attributes '.name'
 *   &lt;ns&gt;:{NNN}:due            zset   session id -> deadline ms, drained by expiry workers
 *   &lt;ns&gt;:{NNN}:corrupt:&lt;id&gt;  any    a corrupt session moved aside as it was, kept for a while
 *   &lt;ns&gt;:{NNN}:events         stream the shard's event log: created, expired, destroyed, rotated
 *   &lt;ns&gt;:{NNN}:dead           stream events that a consumer group failed to handle N times
 *   &lt;ns&gt;:{NNN}:principals     zset   '&lt;principal&gt;\0&lt;id&gt;' at score 0: each principal's sessions
 *   &lt;ns&gt;:{NNN}:lock:&lt;id&gt;     string the holder of a session's lock, '&lt;owner&gt;:&lt;fencing token&gt;'
 *   &lt;ns&gt;:shards               string the namespace's shard count, fixed at first use
 *   &lt;ns&gt;:format               string the namespace's storage format ({@link StorageFormat}), fixed at first use
 *   &lt;ns&gt;:{workers}            zset   expiry worker id -> last heartbeat ms (Redis clock)
 *   &lt;ns&gt;:{workers}:&lt;worker&gt;   hash   one worker's heartbeat: host, pid, shards, figures; with a TTL
 * </pre>
 */
final class KeyLayout {

    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private final String namespace;

    KeyLayout(String namespace) {
        if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace must be 1-64 characters of A-Z a-z 0-9 _ . : -, got: " + namespace);
        }
        this.namespace = namespace;
    }

    String namespace() {
        return namespace;
    }

    /** Only for ids that passed {@link SessionIds#isWellFormed}. */
    String session(String id) {
        return prefix(id) + ":s:" + id;
    }

    String due(String id) {
        return prefix(id) + ":due";
    }

    String due(int shard) {
        return shardPrefix(shard) + ":due";
    }

    String events(String id) {
        return prefix(id) + ":events";
    }

    String events(int shard) {
        return shardPrefix(shard) + ":events";
    }

    String deadLetters(int shard) {
        return shardPrefix(shard) + ":dead";
    }

    String sessionOfShard(int shard, String id) {
        return sessionPrefix(shard) + id;
    }

    /** The common start of a shard's session keys, for scripts that derive them from an index. */
    String sessionPrefix(int shard) {
        return shardPrefix(shard) + ":s:";
    }

    String principals(String id) {
        return prefix(id) + ":principals";
    }

    String principals(int shard) {
        return shardPrefix(shard) + ":principals";
    }

    String lock(String id) {
        return prefix(id) + ":lock:" + id;
    }

    String shardCount() {
        return namespace + ":shards";
    }

    String format() {
        return namespace + ":format";
    }

    /** The registry of expiry workers' heartbeats; with {@link #worker} in one slot. */
    String workers() {
        return namespace + ":{workers}";
    }

    /** Only for ids made by {@link WorkerHeartbeats}: a closed alphabet, no braces. */
    String worker(String workerId) {
        return workers() + ":" + workerId;
    }

    String quarantineOfShard(int shard, String id) {
        return shardPrefix(shard) + ":corrupt:" + id;
    }

    private String shardPrefix(int shard) {
        return namespace + ":{" + SessionIds.shardTag(shard) + "}";
    }

    String quarantine(String id) {
        return prefix(id) + ":corrupt:" + id;
    }

    private String prefix(String id) {
        return namespace + ":{" + SessionIds.shardTagOf(id) + "}";
    }
}
