package dev.sessionkeeper;

import dev.sessionkeeper.codec.AttributeCodec;

import java.time.Duration;

/** The settled configuration of one store, as the builder validated it. */
record StoreSettings(int shards, long idleMs, long absoluteMs, long graceMs, long quarantineMs,
                     Duration commandTimeout, SizeLimits limits, AttributeCodec codec) {
}
