package dev.sessionkeeper.internal;

import dev.sessionkeeper.codec.CodecException;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * A session's numbers, as the scripts keep them in one hash field ({@link WireFormat#HEADER}):
 * seven unsigned 64-bit big-endian integers, created, last access, idle timeout, absolute timeout,
 * deadline, version and the time the key's TTL was last set to, all times in ms by Redis's clock.
 * {@code include/meta.lua} packs and reads the same layout; a header of another length, a number
 * of 1e15 or more, or an idle timeout below 1 ms is corrupt, there as here.
 */
record SessionHeader(long created, long lastAccess, long idleMs, long absoluteMs, long deadline, long version,
                     long ttlAt) {

    static final int BYTES = 56;
    /** Every number stays below this, as exact in a Lua double ({@code include/meta.lua}). */
    private static final long LIMIT = 1_000_000_000_000_000L;

    /** The header among a hash's metadata fields. */
    static SessionHeader of(Map<String, byte[]> meta) {
        byte[] value = meta.get(WireFormat.HEADER);
        if (value == null) {
            throw new CodecException("metadata field " + WireFormat.HEADER + " is missing");
        }
        return parse(value);
    }

    static SessionHeader parse(byte[] value) {
        if (value.length != BYTES) {
            throw new CodecException("metadata field " + WireFormat.HEADER + " is " + value.length + " bytes, not " + BYTES);
        }
        ByteBuffer b = ByteBuffer.wrap(value);
        long[] n = new long[BYTES / Long.BYTES];
        for (int i = 0; i < n.length; i++) {
            n[i] = b.getLong();
            // Unsigned: a number of 2^63 or more reads as negative, and is as corrupt as 1e15.
            if (n[i] < 0 || n[i] >= LIMIT) {
                throw new CodecException("metadata field " + WireFormat.HEADER + " holds a number of 1e15 or more");
            }
        }
        if (n[2] < 1) {
            throw new CodecException("metadata field " + WireFormat.HEADER + " holds an idle timeout below 1 ms");
        }
        return new SessionHeader(n[0], n[1], n[2], n[3], n[4], n[5], n[6]);
    }
}
