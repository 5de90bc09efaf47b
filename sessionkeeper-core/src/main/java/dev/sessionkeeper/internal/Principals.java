package dev.sessionkeeper.internal;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Principals (signed-in users) and the shard each one's sessions live in. The shard is a
 * CRC-32 of the name modulo the shard count: stable across processes and versions, so every
 * instance puts one user's sessions, and their index, in the same slot.
 */
public final class Principals {

    static final int MAX_BYTES = 256;

    private Principals() {
    }

    /**
     * A principal is 1-256 bytes of well-formed UTF-8 without control characters: it is part of
     * an index entry, where a NUL separates it from the session id.
     *
     * <p>Text that does not round-trip through UTF-8 (a lone surrogate, which Java encodes as
     * '?') is refused: it would share its bytes, and so its index and its "logout everywhere",
     * with another principal. Principals are not normalised (NFC or otherwise): the application
     * names its users, and two spellings it passes are two users, exactly as it sees them.
     */
    public static void check(String principal) {
        if (principal == null || principal.isEmpty()) {
            throw new IllegalArgumentException("principal must not be null or empty");
        }
        for (int i = 0; i < principal.length(); i++) {
            char c = principal.charAt(i);
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException("principal must not contain control characters");
            }
            if (Character.isHighSurrogate(c) && i + 1 < principal.length()
                    && Character.isLowSurrogate(principal.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("principal is not well-formed text (a lone surrogate at index " + i
                        + "), so it has no exact UTF-8 form");
            }
        }
        if (principal.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException("principal is longer than " + MAX_BYTES + " bytes of UTF-8");
        }
    }

    public static int shard(String principal, int shards) {
        CRC32 crc = new CRC32();
        crc.update(principal.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % shards);
    }
}
