package dev.sessionkeeper;

import dev.sessionkeeper.codec.AttributeCodec;
import dev.sessionkeeper.codec.JsonAttributeCodec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Configures a {@link SessionStore}. Only {@link #redis(String)} is required; every other
 * setting has a default suited to a typical web application.
 */
public final class SessionStoreBuilder {

    /**
     * The longest duration any setting accepts: 10 years (3,650 days). Beyond it a deadline
     * computed from Redis's clock would leave the range the scripts store and check, so a
     * larger value is refused here, naming the setting, and never reaches Redis.
     */
    public static final Duration MAX_DURATION = Duration.ofDays(3650);

    private String redisUrl;
    private String namespace = "sk";
    private int shards = 16;
    private Duration idleTimeout = Duration.ofMinutes(30);
    private Duration absoluteTimeout = Duration.ofHours(12);
    private Duration expiryGrace = Duration.ofMinutes(5);
    private Duration quarantineRetention = Duration.ofDays(7);
    private Duration commandTimeout = Duration.ofSeconds(2);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private int maxAttributeBytes = 128 * 1024;
    private int maxSessionBytes = 1024 * 1024;
    private AttributeCodec codec = JsonAttributeCodec.defaults();
    private Path caCertificate;
    private ReplicationWait replicationWait;
    private long eventsMaxLength = 100_000;
    private Duration eventsMaxAge = Duration.ofDays(1);
    private String snapshotSpec = "";
    private boolean createdEvents = true;
    private int maxSessionsPerPrincipal;
    private LimitPolicy limitPolicy = LimitPolicy.EVICT_LEAST_RECENTLY_USED;

    SessionStoreBuilder() {
    }

    /**
     * Where Redis is: {@code redis://host:port}, {@code rediss://host:port} (TLS), with
     * {@code user:password@} for ACLs, or {@code redis-cluster://host:port,host:port} for a
     * Redis Cluster (a {@code redis://} URL that points at a cluster node works too).
     */
    public SessionStoreBuilder redis(String url) {
        this.redisUrl = Objects.requireNonNull(url, "url");
        return this;
    }

    /**
     * A PEM file of the CA certificates that a TLS ({@code rediss://}) server's certificate must
     * chain to (default: the JVM's trust store). The server's certificate must also name the host
     * in the URL.
     */
    public SessionStoreBuilder redisCaCertificate(Path pemFile) {
        Objects.requireNonNull(pemFile, "pemFile");
        if (!Files.isReadable(pemFile)) {
            throw new IllegalArgumentException("CA certificate file " + pemFile + " is missing or unreadable");
        }
        this.caCertificate = pemFile;
        return this;
    }

    /** The prefix of every key the store writes (default {@code sk}). */
    public SessionStoreBuilder namespace(String namespace) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        return this;
    }

    /**
     * How many shards new sessions are spread over (default 16, at most 1000). Each shard has
     * its own due index and lives in one cluster slot; more shards spread a cluster's load
     * wider. Keep the number stable for a deployment.
     */
    public SessionStoreBuilder shards(int shards) {
        if (shards < 1 || shards > SessionIds.MAX_SHARDS) {
            throw new IllegalArgumentException("shards must be 1.." + SessionIds.MAX_SHARDS + ", got " + shards);
        }
        this.shards = shards;
        return this;
    }

    /** Default idle timeout: a session dies this long after its last load (default 30 min). */
    public SessionStoreBuilder idleTimeout(Duration idle) {
        positiveMillis("idle timeout", idle);
        this.idleTimeout = idle;
        return this;
    }

    /**
     * Default absolute timeout: a session dies this long after creation however active it is
     * (default 12 h; {@link Duration#ZERO} for none).
     */
    public SessionStoreBuilder absoluteTimeout(Duration absolute) {
        absoluteMillis(absolute);
        this.absoluteTimeout = absolute;
        return this;
    }

    /**
     * How long a session's data stays in Redis past its deadline at least (default 5 min), so
     * that an expiry worker can still report on it. The scripts set the Redis TTL to deadline +
     * 2 x grace and renew it only once the deadline comes within one grace of it, so the data
     * lives between one and two graces past the deadline, and a session used on every request
     * pays for PEXPIREAT about once per grace: memory stays bounded even when no worker runs.
     * The session is unusable from its deadline regardless.
     */
    public SessionStoreBuilder expiryGrace(Duration grace) {
        positiveMillis("expiry grace", grace);
        this.expiryGrace = grace;
        return this;
    }

    /** How long corrupt session data is kept aside for inspection (default 7 days). */
    public SessionStoreBuilder quarantineRetention(Duration retention) {
        positiveMillis("quarantine retention", retention);
        this.quarantineRetention = retention;
        return this;
    }

    /** The bound on every Redis call (default 2 s): past it the call fails, it never hangs. */
    public SessionStoreBuilder commandTimeout(Duration timeout) {
        positiveMillis("command timeout", timeout);
        this.commandTimeout = timeout;
        return this;
    }

    /** The bound on opening a connection (default 5 s). */
    public SessionStoreBuilder connectTimeout(Duration timeout) {
        positiveMillis("connect timeout", timeout);
        this.connectTimeout = timeout;
        return this;
    }

    /** The largest encoded attribute value accepted (default 128 KiB). */
    public SessionStoreBuilder maxAttributeBytes(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("maxAttributeBytes must be positive, got " + bytes);
        }
        this.maxAttributeBytes = bytes;
        return this;
    }

    /** The largest encoded session, names and values summed, accepted (default 1 MiB). */
    public SessionStoreBuilder maxSessionBytes(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("maxSessionBytes must be positive, got " + bytes);
        }
        this.maxSessionBytes = bytes;
        return this;
    }

    /** How attribute values are encoded (default: {@link JsonAttributeCodec#defaults()}). */
    public SessionStoreBuilder codec(AttributeCodec codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
        return this;
    }

    /**
     * How many events each shard's stream keeps (default 100,000; approximate, as Redis trims
     * whole nodes). Retention never trims an event that an existing consumer group has not yet
     * been delivered: a group that is behind keeps its events, and the stream grows up to a hard
     * bound of 10 x this length, which holds whatever the groups do. Only events past the hard
     * bound are lost to a group; {@code sessionkeeper stats} and {@code doctor} count them and
     * warn as a group's lag nears it. Size this for the longest outage a consumer must survive.
     */
    public SessionStoreBuilder eventsMaxLength(long entries) {
        if (entries < 100) {
            throw new IllegalArgumentException("eventsMaxLength must be at least 100, got " + entries);
        }
        this.eventsMaxLength = entries;
        return this;
    }

    /**
     * How long events are kept (default 1 day); the expiry workers trim older ones, except those
     * a consumer group has not yet been delivered. Whichever of age and length is reached first
     * trims.
     */
    public SessionStoreBuilder eventsMaxAge(Duration age) {
        positiveMillis("events max age", age);
        this.eventsMaxAge = age;
        return this;
    }

    /**
     * Terminal events ({@code expired}, {@code destroyed}, {@code rotated}) carry the current
     * values of these attributes (default: none). The snapshot is taken in the script that
     * ends the session, so it is exactly the last saved state.
     */
    public SessionStoreBuilder snapshotAttributes(String... names) {
        this.snapshotSpec = names.length == 0 ? "" : JsonNames.array(names);
        return this;
    }

    /** Terminal events carry all of the session's attributes. */
    public SessionStoreBuilder snapshotAllAttributes() {
        this.snapshotSpec = "*";
        return this;
    }

    /** Whether creating a session writes a {@code created} event (default true). */
    public SessionStoreBuilder createdEvents(boolean enabled) {
        this.createdEvents = enabled;
        return this;
    }

    /**
     * At most {@code max} live sessions per principal; a sign-in beyond that follows the policy:
     * destroy the least recently used session, or refuse. Checked in the same atomic step that
     * creates the signed-in session, so racing sign-ins cannot exceed it. At most 1,000: the
     * check reads the principal's index entries within that one step. Default: no limit.
     */
    public SessionStoreBuilder maxSessionsPerPrincipal(int max, LimitPolicy policy) {
        if (max < 1 || max > PrincipalOperations.MAX_LIMIT) {
            throw new IllegalArgumentException("maxSessionsPerPrincipal must be between 1 and "
                    + PrincipalOperations.MAX_LIMIT + ", got " + max);
        }
        this.maxSessionsPerPrincipal = max;
        this.limitPolicy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * Makes every write wait until {@code replicas} replicas have it (Redis {@code WAIT}), for
     * at most {@code timeout}; a write that does not reach them in time fails with
     * {@link RedisUnavailableException} (it is on the master, but a failover now could lose it).
     * Without this (the default) a write is acknowledged once the master has it, and a failover
     * can lose the last writes before it, together with their events (never one without the
     * other). Costs a replication round trip per write. Works on standalone, Sentinel-managed
     * and cluster Redis: on a cluster each write and its {@code WAIT} go down the connection to
     * the master of the write's slot.
     */
    public SessionStoreBuilder replicationWait(int replicas, Duration timeout) {
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be at least 1, got " + replicas);
        }
        positiveMillis("replication wait timeout", timeout);
        this.replicationWait = new ReplicationWait(replicas, timeout);
        return this;
    }

    /**
     * Connects to Redis and returns the store.
     *
     * @throws RedisUnavailableException when Redis cannot be reached
     * @throws IllegalStateException when no Redis URL was given
     */
    public SessionStore build() {
        if (redisUrl == null) {
            throw new IllegalStateException("no Redis URL: call redis(\"redis://host:port\") before build()");
        }
        if (maxAttributeBytes > maxSessionBytes) {
            throw new IllegalStateException("maxAttributeBytes (" + maxAttributeBytes + ") exceeds maxSessionBytes ("
                    + maxSessionBytes + ")");
        }
        KeyLayout keys = new KeyLayout(namespace);
        RedisLocation location = RedisLocation.parse(redisUrl);
        StoreSettings settings = new StoreSettings(shards, idleTimeout.toMillis(), absoluteTimeout.toMillis(),
                expiryGrace.toMillis(), quarantineRetention.toMillis(), commandTimeout,
                new SizeLimits(maxAttributeBytes, maxSessionBytes), codec,
                eventsMaxLength, eventsMaxAge.toMillis(), snapshotSpec, createdEvents,
                maxSessionsPerPrincipal, limitPolicy, replicationWait);
        RedisConnection connection = RedisConnection.open(location, commandTimeout, connectTimeout, caCertificate);
        try {
            return new RedisSessionStore(connection, keys, settings);
        } catch (RuntimeException e) {
            // A store that refuses to start (another storage format or shard count) keeps no connection open.
            connection.close();
            throw e;
        }
    }

    /** A duration of 1 ms to {@link #MAX_DURATION}, in ms; else an error naming the setting. */
    static long positiveMillis(String what, Duration value) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero() || boundedMillis(what, value) < 1) {
            throw new IllegalArgumentException(what + " must be at least 1 ms, got " + value);
        }
        return value.toMillis();
    }

    /** An absolute timeout: 0 (none) to {@link #MAX_DURATION}, in ms. */
    static long absoluteMillis(Duration value) {
        Objects.requireNonNull(value, "absolute timeout");
        if (value.isNegative()) {
            throw new IllegalArgumentException("absolute timeout must not be negative: " + value);
        }
        return boundedMillis("absolute timeout", value);
    }

    private static long boundedMillis(String what, Duration value) {
        if (value.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(what + " must be at most " + MAX_DURATION.toDays() + " days (10 years),"
                    + " got " + value);
        }
        return value.toMillis();
    }
}
