package dev.sessionkeeper.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The classic recipe, for the expiry benchmark only: each session is a plain key written with
 * {@code SET key value PX ttl}, and a subscriber on {@code __keyevent@*__:expired} (which needs
 * {@code CONFIG SET notify-keyspace-events Ex}, restored on close) learns of each expiry when
 * Redis deletes the key, by its lazy or its active expiry. The event carries only the key name,
 * so the deadline is remembered here at creation: the time just before the SET plus the TTL,
 * which can only make the lateness look larger, by at most the SET's round trip.
 */
final class KeyspaceTtlSystem implements BenchSystem {

    static final Factory FACTORY = new Factory() {
        @Override
        public String name() {
            return "keyspace-ttl";
        }

        @Override
        public Set<String> workloads() {
            return Set.of("expiry");
        }

        @Override
        public Duration expiryWaitBound() {
            return Duration.ofSeconds(75);
        }

        @Override
        public BenchSystem open(String redisUrl, String namespace, Options options) {
            return new KeyspaceTtlSystem(redisUrl, namespace);
        }
    };

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String namespace;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final StatefulRedisPubSubConnection<String, String> subscriber;
    private final String previousNotifyConfig;
    private final Map<String, Long> deadlines = new ConcurrentHashMap<>();
    private final PassiveExpiry expiry = new PassiveExpiry();

    private KeyspaceTtlSystem(String redisUrl, String namespace) {
        this.namespace = namespace;
        this.client = RedisClient.create(RedisURI.create(redisUrl));
        this.connection = client.connect();
        this.previousNotifyConfig = connection.sync().configGet("notify-keyspace-events")
                .getOrDefault("notify-keyspace-events", "");
        connection.sync().configSet("notify-keyspace-events", "Ex");
        this.subscriber = client.connectPubSub();
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String pattern, String channel, String key) {
                long received = BenchClock.nowMicros();
                Long deadline = deadlines.get(key);
                if (deadline == null) {
                    return; // another system's key, or none of ours
                }
                expiry.report(key, deadline, received);
            }
        });
        subscriber.sync().psubscribe("__keyevent@*__:expired");
    }

    @Override
    public String createSignedIn(String principal, Duration idleTimeout) {
        // No index: the recipe has none. The value stands for the session's serialized attributes.
        return write(idleTimeout, principal + "|" + WorkloadSession.attributes());
    }

    private String write(Duration ttl, String value) {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        String key = namespace + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        long deadline = System.currentTimeMillis() + ttl.toMillis();
        deadlines.put(key, deadline);
        connection.sync().set(key, value, SetArgs.Builder.px(ttl.toMillis()));
        return key;
    }

    @Override
    public Expirer startExpirer(int batchSize) {
        // Redis expires the keys itself; there is no process of ours.
        return expiry;
    }

    @Override
    public AutoCloseable subscribeExpired(String group, ExpiredHandler h) {
        return expiry.subscribe(h);
    }

    @Override
    public long indexEntries(RedisProbe redis) {
        return -1;
    }

    @Override
    public long sessionKeys(RedisProbe redis) {
        return redis.countKeys(namespace + ":*");
    }

    @Override
    public void dropKeys(RedisProbe redis) {
        redis.deleteKeys(namespace + ":*");
    }

    @Override
    public void close() {
        subscriber.close();
        connection.sync().configSet("notify-keyspace-events", previousNotifyConfig);
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
