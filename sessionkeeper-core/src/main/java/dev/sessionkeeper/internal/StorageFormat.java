package dev.sessionkeeper.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The storage format of a namespace: how its sessions, indexes and events are laid out in Redis
 * (docs/architecture.md, "Key layout"). It is recorded in {@code <ns>:format} by the first store,
 * and every store checks it at start, and again before it starts an expiry worker, because a
 * store that misread another format's keys would return, expire or overwrite sessions wrongly.
 * A namespace in a format this version does not read is refused, with nothing read or written.
 *
 * <p>Plain {@code GET} and {@code SETNX}: the record and the shard count are keys without a hash
 * tag (in different slots on a cluster), so no script could cover both; a race between two
 * first stores is settled by {@code SETNX}, and the loser reads the winner's record.
 */
final class StorageFormat {

    /**
     * The format this version reads and writes. Format 3 keeps a session as one string, a 64-byte
     * header of its numbers and one MessagePack map of its principal and attributes
     * ({@link SessionHeader}, {@link MessagePackMap}), where format 2 kept a hash with the header
     * in one field and format 1 one decimal field per number. This version reads neither older
     * format, so a namespace in one is refused rather than taken for corrupt sessions one find at
     * a time.
     */
    static final int CURRENT = 3;

    /**
     * The format of a namespace written before the record existed (it has a shard count and no
     * format record): the layout of version 0.1, which is format 1.
     */
    static final int BEFORE_THE_RECORD = 1;

    private StorageFormat() {
    }

    /**
     * Records the format of a namespace that has none, then checks the record.
     *
     * @throws IllegalStateException when the namespace is in a format this version cannot read
     */
    static void verify(RedisConnection redis, ScriptRunner scripts, KeyLayout keys) {
        byte[] recorded = scripts.await("GET " + keys.format(), redis.commands().get(keys.format()));
        if (recorded == null) {
            byte[] shards = scripts.await("GET " + keys.shardCount(), redis.commands().get(keys.shardCount()));
            byte[] mine = ScriptRunner.arg(shards == null ? CURRENT : BEFORE_THE_RECORD);
            scripts.await("SETNX " + keys.format(), redis.commands().setnx(keys.format(), mine));
            recorded = scripts.await("GET " + keys.format(), redis.commands().get(keys.format()));
        }
        if (recorded != null && !Arrays.equals(recorded, ScriptRunner.arg(CURRENT))) {
            throw new IllegalStateException(refusal(keys, recorded));
        }
    }

    private static String refusal(KeyLayout keys, byte[] recorded) {
        String text = new String(recorded, StandardCharsets.ISO_8859_1);
        String what = text.matches("[1-9][0-9]{0,8}") ? "storage format " + text
                : "a storage format record this version cannot parse ('" + escape(recorded) + "')";
        return "namespace '" + keys.namespace() + "' is in " + what + " (key " + keys.format() + "), but this version of"
                + " sessionkeeper reads format " + CURRENT + " only; nothing was read or written. Run a sessionkeeper"
                + " version that reads that format on this namespace, or give this one a new namespace.";
    }

    /** Printable ASCII as is, every other byte as {@code \xNN}; at most 32 bytes. */
    private static String escape(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, 32); i++) {
            int c = bytes[i] & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'') {
                b.append((char) c);
            } else {
                b.append(String.format("\\x%02x", c));
            }
        }
        return bytes.length > 32 ? b + "..." : b.toString();
    }
}
