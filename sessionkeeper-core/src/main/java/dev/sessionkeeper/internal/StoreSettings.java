package dev.sessionkeeper.internal;

import dev.sessionkeeper.LimitPolicy;
import dev.sessionkeeper.StoreObserver;
import dev.sessionkeeper.codec.AttributeCodec;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The settled configuration of one store, as the builder validated it, in a few named groups.
 * Frozen at {@code build()}: later calls on the builder change no store built.
 *
 * @param connection where Redis is and how calls to it are bounded
 * @param shards how many shards new sessions are spread over
 * @param timeouts the store's default session timeouts and how long data outlives them
 * @param limits bounds on encoded sizes
 * @param codec how attribute values are encoded
 * @param events what the event streams keep and what events carry
 * @param principalLimit the limit on a principal's live sessions
 * @param observer told what the store does (a no-op when none was given)
 */
public record StoreSettings(Connection connection, int shards, Timeouts timeouts, SizeLimits limits, AttributeCodec codec,
                            Events events, PrincipalLimit principalLimit, StoreObserver observer) {

    /**
     * @param redisUrl the Redis URL as given
     * @param namespace the prefix of every key
     * @param caCertificate the PEM file a TLS server's certificate must chain to, or null for the JVM's trust store
     * @param commandTimeout the bound on every Redis call
     * @param connectTimeout the bound on opening a connection
     * @param replicationWait null when writes are not waited on
     */
    public record Connection(String redisUrl, String namespace, Path caCertificate, Duration commandTimeout,
                             Duration connectTimeout, ReplicationWait replicationWait) {
    }

    /**
     * @param idleMs a new session's idle timeout
     * @param absoluteMs a new session's absolute timeout, 0 for none
     * @param graceMs how long a session's data stays past its deadline
     * @param quarantineMs how long corrupt data is kept aside
     */
    public record Timeouts(long idleMs, long absoluteMs, long graceMs, long quarantineMs) {
    }

    /**
     * @param maxLength how many events each shard's stream keeps (approximately)
     * @param maxAgeMs how long events are kept
     * @param snapshotSpec which attributes terminal events carry, in the scripts' notation:
     *     {@code ""} none, {@code "*"} all, else a JSON array of names
     * @param createdEvents whether creating a session writes a {@code created} event
     */
    public record Events(long maxLength, long maxAgeMs, String snapshotSpec, boolean createdEvents) {
    }

    /**
     * @param maxSessions 0 for no limit
     * @param policy what a sign-in over the limit does
     */
    public record PrincipalLimit(int maxSessions, LimitPolicy policy) {
    }

    // The engine reads these on every operation; they read as the settings they are.

    Duration commandTimeout() {
        return connection.commandTimeout();
    }

    ReplicationWait replicationWait() {
        return connection.replicationWait();
    }

    long idleMs() {
        return timeouts.idleMs();
    }

    long absoluteMs() {
        return timeouts.absoluteMs();
    }

    long graceMs() {
        return timeouts.graceMs();
    }

    long quarantineMs() {
        return timeouts.quarantineMs();
    }

    long eventsMaxLength() {
        return events.maxLength();
    }

    long eventsMaxAgeMs() {
        return events.maxAgeMs();
    }

    String snapshotSpec() {
        return events.snapshotSpec();
    }

    boolean createdEvents() {
        return events.createdEvents();
    }

    int maxSessionsPerPrincipal() {
        return principalLimit.maxSessions();
    }

    LimitPolicy limitPolicy() {
        return principalLimit.policy();
    }
}
