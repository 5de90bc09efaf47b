package dev.sessionkeeper.internal;

import dev.sessionkeeper.LimitPolicy;
import dev.sessionkeeper.StoreObserver;
import dev.sessionkeeper.codec.AttributeCodec;

import java.time.Duration;

/**
 * The settled configuration of one store, as the builder validated it.
 *
 * @param snapshotSpec which attributes terminal events carry, in the scripts' notation:
 *     {@code ""} none, {@code "*"} all, else a JSON array of names
 * @param maxSessionsPerPrincipal 0 for no limit
 * @param replicationWait null when writes are not waited on
 */
public record StoreSettings(int shards, long idleMs, long absoluteMs, long graceMs, long quarantineMs,
                     Duration commandTimeout, SizeLimits limits, AttributeCodec codec,
                     long eventsMaxLength, long eventsMaxAgeMs, String snapshotSpec, boolean createdEvents,
                     int maxSessionsPerPrincipal, LimitPolicy limitPolicy, ReplicationWait replicationWait,
                     StoreObserver observer) {
}
