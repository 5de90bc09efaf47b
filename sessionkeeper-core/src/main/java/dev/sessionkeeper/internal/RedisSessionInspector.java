package dev.sessionkeeper.internal;

import dev.sessionkeeper.inspect.PrincipalPage;
import dev.sessionkeeper.SessionKeeperException;
import dev.sessionkeeper.events.GroupStatus;
import dev.sessionkeeper.inspect.ServerFacts;
import dev.sessionkeeper.inspect.ServerIdentity;
import dev.sessionkeeper.inspect.SessionDescription;
import dev.sessionkeeper.inspect.SessionInspector;
import dev.sessionkeeper.inspect.ShardStatus;
import dev.sessionkeeper.inspect.WorkerHeartbeat;
import dev.sessionkeeper.codec.CodecException;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * The inspector on Redis: a read-only script per shard for the figures that must be consistent
 * with one another (one instant of Redis's clock), plain reads for the worker registry, and
 * per-server commands for the server facts.
 */
final class RedisSessionInspector implements SessionInspector {

    private static final LuaScript INSPECT = LuaScript.loadReadOnly("inspect_shard");

    /**
     * inspect_shard.lua's reply as a {@link ShardStatus}: {now, live, backlog, oldest overdue or -1,
     * stream length, dead letters, {type, count, ...}, counts capped, {{group fields}, ...}}. Any
     * other shape fails naming the script.
     */
    static ShardStatus parseShard(int shard, Object reply, long retention) {
        String script = INSPECT.name();
        List<Object> r = ScriptCode.array(script, reply, 9);
        long oldest = ScriptCode.integer(script, r, 3);
        Map<String, Long> recent = new LinkedHashMap<>();
        List<Object> counts = ScriptCode.nested(script, r, 6);
        for (int i = 0; i + 1 < counts.size(); i += 2) {
            recent.put(new String(ScriptCode.bytes(script, counts, i), StandardCharsets.UTF_8),
                    ScriptCode.integer(script, counts, i + 1));
        }
        List<GroupStatus> groups = new ArrayList<>();
        List<Object> groupReplies = ScriptCode.nested(script, r, 8);
        for (int i = 0; i < groupReplies.size(); i++) {
            List<Object> g = ScriptCode.array(script, ScriptCode.nested(script, groupReplies, i), 7);
            groups.add(new GroupStatus(new String(ScriptCode.bytes(script, g, 0), StandardCharsets.UTF_8),
                    ScriptCode.integer(script, g, 1), ScriptCode.integer(script, g, 2),
                    new String(ScriptCode.bytes(script, g, 3), StandardCharsets.UTF_8), ScriptCode.integer(script, g, 4),
                    ScriptCode.integer(script, g, 5) == 1, ScriptCode.integer(script, g, 6), retention));
        }
        return new ShardStatus(shard, Instant.ofEpochMilli(ScriptCode.integer(script, r, 0)), ScriptCode.integer(script, r, 1),
                ScriptCode.integer(script, r, 2), oldest < 0 ? null : Instant.ofEpochMilli(oldest),
                ScriptCode.integer(script, r, 4), ScriptCode.integer(script, r, 5), Collections.unmodifiableMap(recent),
                ScriptCode.integer(script, r, 7) == 1, List.copyOf(groups));
    }

    private static final LuaScript DESCRIBE = LuaScript.loadReadOnly("describe");
    /** How many times {@code eventsMaxLength} the hard bound of a stream is (see include/events.lua). */
    static final int HARD_BOUND_FACTOR = 10;
    private static final LuaScript PRINCIPALS = LuaScript.loadReadOnly("principals");
    /** Index entries one principals call reads at most: about 1 ms of Redis time. */
    private static final byte[] PRINCIPAL_ENTRIES = ScriptRunner.arg(1000);
    private static final byte[] WINDOW = ScriptRunner.arg(60_000);
    private static final byte[] CAP = ScriptRunner.arg(SCAN_CAP);
    private static final List<String> CONFIG = List.of("maxmemory-policy", "appendonly", "save");
    /** Worker ids as {@link WorkerHeartbeats} makes them; anything else in the registry is not used to build a key. */
    private static final Pattern WORKER_ID = Pattern.compile("[A-Za-z0-9._-]{1,120}");

    private final RedisConnection redis;
    private final ScriptRunner scripts;
    private final KeyLayout keys;
    private final StoreSettings settings;

    RedisSessionInspector(RedisConnection redis, ScriptRunner scripts, KeyLayout keys, StoreSettings settings) {
        this.redis = redis;
        this.scripts = scripts;
        this.keys = keys;
        this.settings = settings;
    }

    @Override
    public List<ShardStatus> shards() {
        List<CompletableFuture<List<Object>>> replies = new ArrayList<>(settings.shards());
        for (int shard = 0; shard < settings.shards(); shard++) {
            replies.add(scripts.run(INSPECT, ScriptOutputType.MULTI,
                    new String[] {keys.due(shard), keys.events(shard), keys.deadLetters(shard)}, WINDOW, CAP));
        }
        List<ShardStatus> out = new ArrayList<>(replies.size());
        for (int shard = 0; shard < replies.size(); shard++) {
            out.add(parseShard(shard, scripts.await(INSPECT.name(), replies.get(shard)),
                    settings.eventsMaxLength() * HARD_BOUND_FACTOR));
        }
        return out;
    }

    @Override
    public List<WorkerHeartbeat> workers() {
        var commands = redis.commands();
        long now = redisMillis(scripts.await("TIME", commands.time()));
        List<ScoredValue<byte[]>> members = scripts.await("ZRANGEBYSCORE " + keys.workers(),
                commands.zrangebyscoreWithScores(keys.workers(), Range.create(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY)));
        List<String> ids = new ArrayList<>();
        List<Long> seen = new ArrayList<>();
        List<CompletableFuture<Map<String, byte[]>>> hashes = new ArrayList<>();
        for (ScoredValue<byte[]> m : members) {
            String id = new String(m.getValue(), StandardCharsets.UTF_8);
            if (!WORKER_ID.matcher(id).matches()) {
                continue;
            }
            ids.add(id);
            seen.add((long) m.getScore());
            hashes.add(commands.hgetall(keys.worker(id)).toCompletableFuture());
        }
        List<WorkerHeartbeat> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            Map<String, byte[]> h = scripts.await("HGETALL " + keys.worker(ids.get(i)), hashes.get(i));
            long lastSeen = number(h, "seen", seen.get(i));
            out.add(new WorkerHeartbeat(ids.get(i), string(h, "host", "?"), number(h, "pid", 0), string(h, "shards", "?"),
                    Instant.ofEpochMilli(number(h, "started", lastSeen)), Instant.ofEpochMilli(lastSeen),
                    Duration.ofMillis(Math.max(0, now - lastSeen)), Duration.ofMillis(number(h, "interval", 5000)),
                    "stopped".equals(string(h, "state", "")), number(h, "expired", 0), number(h, "backlog", 0),
                    number(h, "p99", 0)));
        }
        out.sort((a, b) -> b.lastSeen().compareTo(a.lastSeen()));
        return out;
    }

    @Override
    public Optional<SessionDescription> describe(String id) {
        if (!SessionIds.isWellFormed(id)) {
            return Optional.empty();
        }
        List<Object> reply = scripts.multi(DESCRIBE, new String[] {keys.session(id)});
        if (reply.size() < 2) {
            return Optional.empty();
        }
        if (!(reply.get(1) instanceof byte[] value)) {
            String why = reply.size() > 2 && reply.get(2) instanceof byte[] b ? new String(b, StandardCharsets.UTF_8)
                    : "its value is not a string";
            throw new SessionKeeperException("session " + SessionIds.redact(id) + " is corrupt in Redis: " + why);
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        Map<String, String> undecodable = new LinkedHashMap<>();
        try {
            SessionHeader header = SessionHeader.parse(value);
            Map<String, byte[]> meta = new LinkedHashMap<>();
            for (Map.Entry<String, byte[]> e : SessionDecoder.body(value).entrySet()) {
                String name = e.getKey();
                if (name.startsWith(WireFormat.ATTRIBUTE_PREFIX_TEXT)) {
                    try {
                        attributes.put(name.substring(1), settings.codec().decode(e.getValue()));
                    } catch (CodecException | IllegalArgumentException x) {
                        undecodable.put(name.substring(1), new String(e.getValue(), StandardCharsets.UTF_8));
                    }
                } else if (name.startsWith(WireFormat.META_PREFIX_TEXT)) {
                    meta.put(name, e.getValue());
                } else {
                    throw new CodecException("key '" + name + "' is neither metadata nor an attribute");
                }
            }
            return Optional.of(new SessionDescription(id, SessionIds.shardOf(id), SessionDecoder.text(meta, WireFormat.PRINCIPAL),
                    Instant.ofEpochMilli(header.created()), Instant.ofEpochMilli(header.lastAccess()),
                    Instant.ofEpochMilli(header.deadline()), Duration.ofMillis(header.idleMs()),
                    Duration.ofMillis(header.absoluteMs()), header.version(), Instant.ofEpochMilli((Long) reply.get(0)),
                    Collections.unmodifiableMap(attributes), Collections.unmodifiableMap(undecodable)));
        } catch (CodecException e) {
            throw new SessionKeeperException("session " + SessionIds.redact(id) + " is corrupt in Redis: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Shard by shard from the cursor's, one read-only script call each, until the page is full or
     * every shard was read. The cursor is the shard and the script's lower bound in the shard's
     * index (base64url, since it holds a principal's bytes and a NUL).
     */
    @Override
    public PrincipalPage principals(String cursor, int limit) {
        if (limit < 1 || limit > PRINCIPALS_PAGE_MAX) {
            throw new IllegalArgumentException("limit must be between 1 and " + PRINCIPALS_PAGE_MAX + ", got " + limit);
        }
        int shard = 0;
        byte[] bound = new byte[0];
        if (cursor != null) {
            int colon = cursor.indexOf(':');
            try {
                shard = Integer.parseInt(cursor.substring(0, Math.max(colon, 0)));
                bound = Base64.getUrlDecoder().decode(cursor.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a cursor a principals page gave", e);
            }
            if (shard < 0 || shard >= settings.shards() || (bound.length > 0 && bound[0] != '[' && bound[0] != '(')) {
                throw new IllegalArgumentException("not a cursor a principals page gave");
            }
        }
        List<String> out = new ArrayList<>(Math.min(limit, 100));
        for (; shard < settings.shards(); shard++, bound = new byte[0]) {
            List<Object> reply = scripts.multi(PRINCIPALS, new String[] {keys.due(shard), keys.principals(shard)}, bound,
                    ScriptRunner.arg(limit - out.size()), PRINCIPAL_ENTRIES);
            for (int i = 1; i < reply.size(); i++) {
                out.add(new String((byte[]) reply.get(i), StandardCharsets.UTF_8));
            }
            byte[] next = (byte[]) reply.get(0);
            if (next.length > 0) {
                return new PrincipalPage(out, shard + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(next));
            }
            if (out.size() == limit && shard + 1 < settings.shards()) {
                return new PrincipalPage(out, (shard + 1) + ":");
            }
        }
        return new PrincipalPage(out, null);
    }

    @Override
    public List<ServerFacts> servers() {
        List<ServerFacts> out = new ArrayList<>();
        redis.masters().forEach((node, commands) -> out.add(facts(node, commands)));
        return out;
    }

    @Override
    public ServerIdentity server() {
        // The store's own connection: on a cluster Lettuce sends INFO to one node, which is all a banner needs,
        // without the per-node connections that servers() opens.
        RedisClusterAsyncCommands<String, byte[]> commands = redis.commands();
        Map<String, String> server = fields(orNull("INFO server", commands.info("server")));
        Map<String, String> cluster = fields(orNull("INFO cluster", commands.info("cluster")));
        String valkey = server.get("valkey_version");
        String redisVersion = server.get("redis_version");
        String version = valkey != null ? valkey : redisVersion == null || redisVersion.isBlank() ? "unknown" : redisVersion;
        return new ServerIdentity(valkey != null ? "Valkey" : "Redis", version,
                redis.isCluster() || "1".equals(cluster.get("cluster_enabled")));
    }

    private ServerFacts facts(String node, RedisClusterAsyncCommands<String, byte[]> commands) {
        Map<String, String> info = fields(orNull("INFO", commands.info()));
        Map<String, String> config = new LinkedHashMap<>();
        String configError = null;
        for (String parameter : CONFIG) {
            try {
                config.putAll(scripts.await("CONFIG GET " + parameter, commands.configGet(parameter)));
            } catch (SessionKeeperException e) {
                configError = RedisConnection.rootMessage(e);
                config = null;
                break;
            }
        }
        String user = orNull("ACL WHOAMI", commands.aclWhoami());
        Boolean open = openWithoutPassword(commands);
        Map<String, String> cluster = redis.isCluster() ? fields(orNull("CLUSTER INFO", commands.clusterInfo())) : null;
        long before = System.currentTimeMillis();
        long redisNow = redisMillis(scripts.await("TIME", commands.time()));
        long after = System.currentTimeMillis();
        String scriptError = null;
        try {
            scripts.await("SCRIPT LOAD", commands.scriptLoad(INSPECT.body()));
        } catch (SessionKeeperException e) {
            scriptError = RedisConnection.rootMessage(e);
        }
        String functionError = null;
        try {
            scripts.await("FUNCTION LOAD", scripts.loadLibraryOn(commands));
        } catch (SessionKeeperException e) {
            functionError = RedisConnection.rootMessage(e);
        }
        return new ServerFacts(node, info, config == null ? null : Collections.unmodifiableMap(config), configError,
                user, open, cluster, redisNow - (before + after) / 2, after - before, scriptError, functionError);
    }

    /** From the default user's flags; when ACL GETUSER is not allowed, known only if this connection gave no password. */
    private Boolean openWithoutPassword(RedisClusterAsyncCommands<String, byte[]> commands) {
        List<Object> user;
        try {
            user = scripts.await("ACL GETUSER default", commands.aclGetuser("default"));
        } catch (SessionKeeperException e) {
            return redis.hasPassword() ? null : Boolean.TRUE;
        }
        if (user == null) {
            return false;
        }
        for (int i = 0; i + 1 < user.size(); i += 2) {
            if ("flags".equals(text(user.get(i))) && user.get(i + 1) instanceof List<?> flags) {
                List<String> names = flags.stream().map(RedisSessionInspector::text).toList();
                return names.contains("on") && names.contains("nopass");
            }
        }
        return null;
    }

    private <T> T orNull(String operation, CompletionStage<T> stage) {
        try {
            return scripts.await(operation, stage);
        } catch (SessionKeeperException e) {
            return null;
        }
    }

    private static Map<String, String> fields(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text != null) {
            for (String line : text.split("\r?\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && !line.startsWith("#")) {
                    out.put(line.substring(0, colon), line.substring(colon + 1).trim());
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static long redisMillis(List<byte[]> time) {
        return Long.parseLong(new String(time.get(0), StandardCharsets.US_ASCII)) * 1000
                + Long.parseLong(new String(time.get(1), StandardCharsets.US_ASCII)) / 1000;
    }

    private static long number(Map<String, byte[]> hash, String field, long otherwise) {
        byte[] v = hash.get(field);
        try {
            return v == null ? otherwise : Long.parseLong(new String(v, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static String string(Map<String, byte[]> hash, String field, String otherwise) {
        byte[] v = hash.get(field);
        return v == null ? otherwise : new String(v, StandardCharsets.UTF_8);
    }

    private static String text(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }
}
