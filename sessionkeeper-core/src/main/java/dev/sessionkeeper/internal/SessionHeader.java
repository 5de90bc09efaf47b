package dev.sessionkeeper.internal;

import dev.sessionkeeper.SessionStoreBuilder;
import dev.sessionkeeper.codec.CodecException;

import java.nio.ByteBuffer;

/**
 * A session's numbers, as the scripts keep them in the first {@value #BYTES} bytes of its value
 * (storage format 3, docs/wire-format.md "Session value"): eight unsigned 64-bit big-endian
 * integers, created, last access, idle timeout, absolute timeout, deadline, version, the time the
 * key's TTL was last set to, and the lock's fencing counter, all times in ms by Redis's clock.
 * {@code include/meta.lua} packs and reads the same layout; a value shorter than the header, a
 * number of 1e15 or more, an idle timeout below 1 ms, or a timeout over 10 years is corrupt, there
 * as here.
 */
record SessionHeader(long created, long lastAccess, long idleMs, long absoluteMs, long deadline, long version,
                     long ttlAt, long fence) {

    static final int BYTES = 64;
    /** Every number stays below this, as exact in a Lua double ({@code include/meta.lua}). */
    private static final long LIMIT = 1_000_000_000_000_000L;
    /** The longest timeout a setting may have, which a rotation passes on to {@code rotate_in}. */
    private static final long MAX_TIMEOUT_MS = SessionStoreBuilder.MAX_DURATION.toMillis();

    /** The header of a value (or of its first {@value #BYTES} bytes); the bytes after it are not looked at. */
    static SessionHeader parse(byte[] value) {
        requireWhole(value);
        ByteBuffer b = ByteBuffer.wrap(value, 0, BYTES);
        long[] n = new long[BYTES / Long.BYTES];
        for (int i = 0; i < n.length; i++) {
            n[i] = b.getLong();
            // Unsigned: a number of 2^63 or more reads as negative, and is as corrupt as 1e15.
            if (n[i] < 0 || n[i] >= LIMIT) {
                throw new CodecException("the header holds a number of 1e15 or more");
            }
        }
        if (n[2] < 1) {
            throw new CodecException("the header holds an idle timeout below 1 ms");
        }
        if (n[2] > MAX_TIMEOUT_MS || n[3] > MAX_TIMEOUT_MS) {
            throw new CodecException("the header holds a timeout over " + MAX_TIMEOUT_MS + " ms");
        }
        return new SessionHeader(n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7]);
    }

    /** Refuses a value too short to hold a header, and so to have a body after it. */
    static void requireWhole(byte[] value) {
        if (value.length < BYTES) {
            throw new CodecException("the value is " + value.length + " bytes, shorter than its " + BYTES + "-byte header");
        }
    }
}
