package dev.sessionkeeper.bench;

import dev.sessionkeeper.codec.JsonAttributeCodec;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * The floor: what Redis itself costs for the same session, with no guarantee at all. A session
 * is one hash holding the same payload as sessionkeeper's (the workload's attributes, encoded by
 * the same JSON codec, under {@code .name} fields, plus the principal, the creation time and the
 * last access), and a user's sessions are a plain set of ids. No deadline, no TTL, no due index,
 * no events, no atomicity: nothing expires, a save can resurrect, the index can hold dead ids.
 * <ul>
 *   <li>create: {@code HSET} of every field, {@code SADD} to the user's set (2 commands);</li>
 *   <li>request: {@code HGETALL}, decode the two attributes read, {@code HSET} of the last access
 *       and, in a changed request, of {@code lastPage} in the same command (2 commands);</li>
 *   <li>lookup: {@code SMEMBERS} of the user's set, then {@code HGET} of each session's last
 *       access, one after the other (1 + 5 commands).</li>
 * </ul>
 * Every command is its own round trip (no pipelining, no scripts), counted in the client by a
 * Lettuce {@link CommandListener}, as for Spring Session. It takes part in the web, scripts
 * and network benchmarks, never in expiry or drain: it has no expiry to measure.
 */
final class BareSystem implements BenchSystem.Web {

    static final Factory FACTORY = new Factory() {
        @Override
        public String name() {
            return "bare";
        }

        @Override
        public Set<String> workloads() {
            return Set.of("web", "network", "scripts");
        }

        @Override
        public BenchSystem open(String redisUrl, String namespace, Options options) {
            return new BareSystem(redisUrl, namespace);
        }
    };

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LAST_ACCESS = "@a";

    private final String namespace;
    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final RedisCommands<String, byte[]> redis;
    private final JsonAttributeCodec codec = WorkloadSession.codec();
    private final LongAdder commands = new LongAdder();
    private final String emptyScript;
    private final String scriptedRequest;

    private BareSystem(String redisUrl, String namespace) {
        this.namespace = namespace;
        RedisURI uri = RedisURI.create(redisUrl);
        uri.setTimeout(Duration.ofSeconds(10));
        this.client = RedisClient.create(uri);
        client.addListener(new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                commands.increment();
            }
        });
        this.connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        this.redis = connection.sync();
        this.emptyScript = redis.scriptLoad("return 1");
        // What find.lua's Redis work is without its guarantees: read the whole hash into Lua,
        // take the time, write the last access, return the hash.
        this.scriptedRequest = redis.scriptLoad("local h = redis.call('HGETALL', KEYS[1])\n"
                + "local t = redis.call('TIME')\n"
                + "redis.call('HSET', KEYS[1], '@a', t[1] * 1000 + math.floor(t[2] / 1000))\n"
                + "return h");
    }

    private String sessionKey(String id) {
        return namespace + ":s:" + id;
    }

    private String userKey(String principal) {
        return namespace + ":u:" + principal;
    }

    @Override
    public String createSignedIn(String principal, Duration idleTimeout) {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        long now = System.currentTimeMillis();
        Map<String, byte[]> fields = new HashMap<>();
        fields.put("@p", principal.getBytes(StandardCharsets.UTF_8));
        fields.put("@c", Long.toString(now).getBytes(StandardCharsets.US_ASCII));
        fields.put(LAST_ACCESS, Long.toString(now).getBytes(StandardCharsets.US_ASCII));
        WorkloadSession.attributes().forEach((name, value) -> fields.put("." + name, codec.encode(value)));
        redis.hset(sessionKey(id), fields);
        redis.sadd(userKey(principal), id.getBytes(StandardCharsets.US_ASCII));
        return id;
    }

    @Override
    public boolean webRequest(String id, boolean change) {
        Map<String, byte[]> fields = redis.hgetall(sessionKey(id));
        if (fields.isEmpty()) {
            return false;
        }
        Object theme = codec.decode(fields.get("." + WorkloadSession.THEME));
        Object cart = codec.decode(fields.get("." + WorkloadSession.CART));
        if (theme == null || cart == null) {
            throw new IllegalStateException("a workload attribute is missing");
        }
        byte[] now = Long.toString(System.currentTimeMillis()).getBytes(StandardCharsets.US_ASCII);
        if (change) {
            Map<String, byte[]> changed = new HashMap<>();
            changed.put(LAST_ACCESS, now);
            changed.put("." + WorkloadSession.LAST_PAGE,
                    codec.encode("/page/" + ThreadLocalRandom.current().nextInt(100)));
            redis.hset(sessionKey(id), changed);
        } else {
            redis.hset(sessionKey(id), LAST_ACCESS, now);
        }
        return true;
    }

    /** A save of one attribute: one {@code HSET}, no check that the session still exists. */
    void save(String id, String attribute, Object value) {
        redis.hset(sessionKey(id), "." + attribute, codec.encode(value));
    }

    /** The fixed cost of any script call: EVALSHA of {@code return 1}. */
    void emptyScript() {
        redis.evalsha(emptyScript, ScriptOutputType.INTEGER, new String[0]);
    }

    /** A request as one script with no guarantees: HGETALL, TIME, HSET of the last access. */
    void scriptedRequest(String id) {
        redis.evalsha(scriptedRequest, ScriptOutputType.MULTI, new String[] {sessionKey(id)});
    }

    @Override
    public int sessionsOf(String principal) {
        int found = 0;
        for (byte[] id : redis.smembers(userKey(principal))) {
            if (redis.hget(sessionKey(new String(id, StandardCharsets.US_ASCII)), LAST_ACCESS) != null) {
                found++;
            }
        }
        return found;
    }

    @Override
    public long clientCommands() {
        return commands.sum();
    }

    /** Expires nothing: the floor has no expiry (it is never in the expiry benchmark). */
    @Override
    public Expirer startExpirer(int batchSize) {
        return new PassiveExpiry();
    }

    /** No event ever comes: the floor has none. */
    @Override
    public AutoCloseable subscribeExpired(String group, ExpiredHandler handler) {
        return () -> { };
    }

    /** The floor keeps no index of deadlines. */
    @Override
    public long indexEntries(RedisProbe probe) {
        return 0;
    }

    @Override
    public long sessionKeys(RedisProbe probe) {
        return probe.countKeys(namespace + ":s:*");
    }

    @Override
    public void dropKeys(RedisProbe probe) {
        probe.deleteKeys(namespace + ":*");
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
