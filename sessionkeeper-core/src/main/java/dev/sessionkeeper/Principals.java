package dev.sessionkeeper;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Principals (signed-in users) and the shard each one's sessions live in. The shard is a
 * CRC-32 of the name modulo the shard count: stable across processes and versions, so every
 * instance puts one user's sessions, and their index, in the same slot.
 */
final class Principals {

    static final int MAX_BYTES = 256;

    private Principals() {
    }

    /**
     * A principal is 1-256 bytes of UTF-8 without control characters: it is part of an index
     * entry, where a NUL separates it from the session id.
     */
    static void check(String principal) {
        if (principal == null || principal.isEmpty()) {
            throw new IllegalArgumentException("principal must not be null or empty");
        }
        if (principal.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException("principal is longer than " + MAX_BYTES + " bytes of UTF-8");
        }
        for (int i = 0; i < principal.length(); i++) {
            if (Character.isISOControl(principal.charAt(i))) {
                throw new IllegalArgumentException("principal must not contain control characters");
            }
        }
    }

    static int shard(String principal, int shards) {
        CRC32 crc = new CRC32();
        crc.update(principal.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % shards);
    }
}
