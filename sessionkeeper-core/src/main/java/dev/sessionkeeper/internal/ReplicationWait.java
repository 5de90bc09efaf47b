package dev.sessionkeeper.internal;

import java.time.Duration;

/** How many replicas must confirm each write (Redis WAIT), and how long to wait for them. */
public record ReplicationWait(int replicas, Duration timeout) {
}
