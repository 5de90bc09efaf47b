package dev.sessionkeeper;

import dev.sessionkeeper.internal.Durations;
import dev.sessionkeeper.internal.JsonNames;
import dev.sessionkeeper.internal.Observers;
import dev.sessionkeeper.internal.PrincipalOperations;
import dev.sessionkeeper.internal.RedisSessionStore;
import dev.sessionkeeper.internal.ReplicationWait;
import dev.sessionkeeper.internal.SessionIds;
import dev.sessionkeeper.internal.SizeLimits;
import dev.sessionkeeper.internal.StoreSettings;
import dev.sessionkeeper.codec.AttributeCodec;
import dev.sessionkeeper.codec.JsonAttributeCodec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Configures a {@link SessionStore}. Only {@link #redis(String)} is required; every other
 * setting has a default suited to a typical web application.
 *
 * <p>Each setter checks its value at once and throws {@link IllegalArgumentException} naming
 * the setting, so a bad configuration fails where it is written, not at the first request.
 * A builder is not thread-safe; configure it on one thread, then share the store it builds.
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
    private final List<StoreObserver> observers = new ArrayList<>();

    SessionStoreBuilder() {
    }

    /**
     * Where Redis is: {@code redis://host:port}, {@code rediss://host:port} (TLS), with
     * {@code user:password@} for ACLs, or {@code redis-cluster://host:port,host:port} for a
     * Redis Cluster (a {@code redis://} URL that points at a cluster node works too). Checked
     * by {@link #build()}.
     *
     * @param url the Redis URL, not {@code null}
     * @return this builder
     */
    public SessionStoreBuilder redis(String url) {
        this.redisUrl = Objects.requireNonNull(url, "url");
        return this;
    }

    /**
     * A PEM file of the CA certificates that a TLS ({@code rediss://}) server's certificate must
     * chain to (default: the JVM's trust store). The server's certificate must also name the host
     * in the URL.
     *
     * @param pemFile a readable PEM file
     * @return this builder
     * @throws IllegalArgumentException when the file is missing or unreadable
     */
    public SessionStoreBuilder redisCaCertificate(Path pemFile) {
        Objects.requireNonNull(pemFile, "pemFile");
        if (!Files.isReadable(pemFile)) {
            throw new IllegalArgumentException("CA certificate file " + pemFile + " is missing or unreadable");
        }
        this.caCertificate = pemFile;
        return this;
    }

    /**
     * The prefix of every key the store writes (default {@code sk}). Stores, workers and the
     * Node package share sessions exactly when they share the namespace (and the Redis).
     *
     * @param namespace the key prefix, not {@code null}
     * @return this builder
     */
    public SessionStoreBuilder namespace(String namespace) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        return this;
    }

    /**
     * How many shards new sessions are spread over (default 16, at most 1000). Each shard has
     * its own due index and lives in one cluster slot; more shards spread a cluster's load
     * wider. Keep the number stable for a deployment: the first store records it in Redis, and
     * a store built with another count for the same namespace refuses to start.
     *
     * @param shards 1 to 1000
     * @return this builder
     * @throws IllegalArgumentException when out of that range
     */
    public SessionStoreBuilder shards(int shards) {
        if (shards < 1 || shards > SessionIds.MAX_SHARDS) {
            throw new IllegalArgumentException("shards must be 1.." + SessionIds.MAX_SHARDS + ", got " + shards);
        }
        this.shards = shards;
        return this;
    }

    /**
     * Default idle timeout: a session dies this long after its last load (default 30 min).
     * {@link Session#setIdleTimeout} overrides it per session.
     *
     * @param idle the timeout
     * @return this builder
     * @throws IllegalArgumentException unless 1 ms to {@link #MAX_DURATION}
     */
    public SessionStoreBuilder idleTimeout(Duration idle) {
        Durations.positiveMillis("idle timeout", idle);
        this.idleTimeout = idle;
        return this;
    }

    /**
     * Default absolute timeout: a session dies this long after creation however active it is
     * (default 12 h; {@link Duration#ZERO} for none). {@link Session#setAbsoluteTimeout}
     * overrides it for a new session.
     *
     * @param absolute the timeout, or zero for none
     * @return this builder
     * @throws IllegalArgumentException when negative or longer than {@link #MAX_DURATION}
     */
    public SessionStoreBuilder absoluteTimeout(Duration absolute) {
        Durations.absoluteMillis(absolute);
        this.absoluteTimeout = absolute;
        return this;
    }

    /**
     * How long a session's data stays in Redis past its deadline (default 5 min), so that an
     * expiry worker can still report on it. The Redis TTL lies between deadline + grace and
     * deadline + 2 x grace (it is set to the latter and renewed only when the deadline comes
     * within one grace of it): memory stays bounded even when no worker runs. The session is
     * unusable from its deadline regardless.
     *
     * @param grace the grace period
     * @return this builder
     * @throws IllegalArgumentException unless 1 ms to {@link #MAX_DURATION}
     */
    public SessionStoreBuilder expiryGrace(Duration grace) {
        Durations.positiveMillis("expiry grace", grace);
        this.expiryGrace = grace;
        return this;
    }

    /**
     * How long corrupt session data is kept aside, under its quarantine key, for inspection
     * (default 7 days).
     *
     * @param retention the retention
     * @return this builder
     * @throws IllegalArgumentException unless 1 ms to {@link #MAX_DURATION}
     */
    public SessionStoreBuilder quarantineRetention(Duration retention) {
        Durations.positiveMillis("quarantine retention", retention);
        this.quarantineRetention = retention;
        return this;
    }

    /**
     * The bound on every Redis call (default 2 s): past it the call fails with
     * {@link RedisUnavailableException}, it never hangs.
     *
     * @param timeout the bound
     * @return this builder
     * @throws IllegalArgumentException unless 1 ms to {@link #MAX_DURATION}
     */
    public SessionStoreBuilder commandTimeout(Duration timeout) {
        Durations.positiveMillis("command timeout", timeout);
        this.commandTimeout = timeout;
        return this;
    }

    /**
     * The bound on opening a connection (default 5 s), at {@link #build()} and on reconnects.
     *
     * @param timeout the bound
     * @return this builder
     * @throws IllegalArgumentException unless 1 ms to {@link #MAX_DURATION}
     */
    public SessionStoreBuilder connectTimeout(Duration timeout) {
        Durations.positiveMillis("connect timeout", timeout);
        this.connectTimeout = timeout;
        return this;
    }

    /**
     * The largest encoded attribute value accepted (default 128 KiB); {@link Session#set}
     * refuses a larger one with {@link AttributeTooLargeException}.
     *
     * @param bytes a positive size, at most {@link #maxSessionBytes}
     * @return this builder
     * @throws IllegalArgumentException when not positive
     */
    public SessionStoreBuilder maxAttributeBytes(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("maxAttributeBytes must be positive, got " + bytes);
        }
        this.maxAttributeBytes = bytes;
        return this;
    }

    /**
     * The largest encoded session, names and values summed, accepted (default 1 MiB);
     * {@link Session#set} refuses a value that would exceed it with
     * {@link AttributeTooLargeException}.
     *
     * @param bytes a positive size
     * @return this builder
     * @throws IllegalArgumentException when not positive
     */
    public SessionStoreBuilder maxSessionBytes(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("maxSessionBytes must be positive, got " + bytes);
        }
        this.maxSessionBytes = bytes;
        return this;
    }

    /**
     * How attribute values are encoded (default: {@link JsonAttributeCodec#defaults()}). Every
     * instance sharing a namespace needs a codec that reads what the others write.
     *
     * @param codec the codec, not {@code null}
     * @return this builder
     */
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
     *
     * @param entries at least 100
     * @return this builder
     * @throws IllegalArgumentException when below 100
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
     *
     * @param age the age
     * @return this builder
     * @throws IllegalArgumentException unless 1 ms to {@link #MAX_DURATION}
     */
    public SessionStoreBuilder eventsMaxAge(Duration age) {
        Durations.positiveMillis("events max age", age);
        this.eventsMaxAge = age;
        return this;
    }

    /**
     * Terminal events ({@code expired}, {@code destroyed}, {@code rotated}) carry the current
     * values of these attributes (default: none). The snapshot is taken in the script that
     * ends the session, so it is exactly the last saved state. Bounded: at most 1,000
     * attributes and 256 KiB per event, the rest counted as omitted.
     *
     * @param names the attribute names; none for no snapshot
     * @return this builder
     */
    public SessionStoreBuilder snapshotAttributes(String... names) {
        this.snapshotSpec = names.length == 0 ? "" : JsonNames.array(names);
        return this;
    }

    /**
     * Terminal events carry all of the session's attributes, within the bounds of
     * {@link #snapshotAttributes}.
     *
     * @return this builder
     */
    public SessionStoreBuilder snapshotAllAttributes() {
        this.snapshotSpec = "*";
        return this;
    }

    /**
     * Whether creating a session writes a {@code created} event (default true). Terminal events
     * are written either way.
     *
     * @param enabled false to leave {@code created} events out
     * @return this builder
     */
    public SessionStoreBuilder createdEvents(boolean enabled) {
        this.createdEvents = enabled;
        return this;
    }

    /**
     * At most {@code max} live sessions per principal; a sign-in beyond that follows the policy:
     * destroy the least recently used session, or refuse. Checked in the same atomic step that
     * creates the signed-in session, so racing sign-ins cannot exceed it. At most 1,000: the
     * check reads the principal's index entries within that one step. Default: no limit.
     *
     * @param max 1 to 1,000
     * @param policy what a sign-in over the limit does, not {@code null}
     * @return this builder
     * @throws IllegalArgumentException when {@code max} is out of range
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
     *
     * @param replicas at least 1
     * @param timeout how long a write waits for them
     * @return this builder
     * @throws IllegalArgumentException when {@code replicas} is below 1 or the timeout is not
     *     1 ms to {@link #MAX_DURATION}
     */
    public SessionStoreBuilder replicationWait(int replicas, Duration timeout) {
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be at least 1, got " + replicas);
        }
        Durations.positiveMillis("replication wait timeout", timeout);
        this.replicationWait = new ReplicationWait(replicas, timeout);
        return this;
    }

    /**
     * Tells {@code observer} what the store does from the moment it is built: every script call
     * with its duration, what it turned away, what its expiry workers expired, and how its
     * subscriptions' deliveries ended. This is how metrics attach to a store, e.g. a
     * {@code dev.sessionkeeper.micrometer.SessionKeeperMetrics}. May be called more than once:
     * each observer is told, in the order given.
     *
     * @param observer told what the store does; its methods must be quick and must not throw
     * @return this builder
     */
    public SessionStoreBuilder observer(StoreObserver observer) {
        observers.add(Objects.requireNonNull(observer, "observer"));
        return this;
    }

    /**
     * Connects to Redis and returns the store.
     * Records the namespace's shard count and storage format on first use, and checks them on
     * every later start; loads the scripts. A store that refuses to start closes its connection.
     *
     * @return the store, ready for requests; close it when the application stops
     * @throws RedisUnavailableException when Redis cannot be reached
     * @throws IllegalArgumentException when the Redis URL is malformed
     * @throws IllegalStateException when no Redis URL was given, {@code maxAttributeBytes}
     *     exceeds {@code maxSessionBytes}, or the namespace is in use with another shard count
     *     or a storage format this version does not read
     */
    public SessionStore build() {
        if (redisUrl == null) {
            throw new IllegalStateException("no Redis URL: call redis(\"redis://host:port\") before build()");
        }
        if (maxAttributeBytes > maxSessionBytes) {
            throw new IllegalStateException("maxAttributeBytes (" + maxAttributeBytes + ") exceeds maxSessionBytes ("
                    + maxSessionBytes + ")");
        }
        StoreSettings settings = new StoreSettings(
                new StoreSettings.Connection(redisUrl, namespace, caCertificate, commandTimeout, connectTimeout,
                        replicationWait),
                shards,
                new StoreSettings.Timeouts(idleTimeout.toMillis(), absoluteTimeout.toMillis(), expiryGrace.toMillis(),
                        quarantineRetention.toMillis()),
                new SizeLimits(maxAttributeBytes, maxSessionBytes),
                codec,
                new StoreSettings.Events(eventsMaxLength, eventsMaxAge.toMillis(), snapshotSpec, createdEvents),
                new StoreSettings.PrincipalLimit(maxSessionsPerPrincipal, limitPolicy),
                Observers.of(observers));
        return new DefaultSessionStore(RedisSessionStore.open(settings));
    }
}
