package dev.sessionkeeper;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * The numbers of a session value's header (its first 64 bytes, docs/wire-format.md), read and
 * planted in Redis the way the scripts pack them, so that a test can corrupt or inspect one number
 * of a live session without knowing the byte layout.
 */
enum SessionHeaderField {
    CREATED, LAST_ACCESS, IDLE, ABSOLUTE, DEADLINE, VERSION, TTL_AT, FENCE;

    private static final String LAYOUT = "'>I8I8I8I8I8I8I8I8'";

    /** The number, or -1 when the session has no header (no key, or a value of fewer than 64 bytes). */
    long read(RedisClusterCommands<String, String> redis, String key) {
        Long n = redis.eval("local h = redis.call('GETRANGE', KEYS[1], 0, 63) if #h < 64 then return -1 end"
                + " return (select(tonumber(ARGV[1]), struct.unpack(" + LAYOUT + ", h)))",
                ScriptOutputType.INTEGER, new String[] {key}, Integer.toString(ordinal() + 1));
        return n;
    }

    /**
     * Replaces the number with {@code value}, packed as the scripts pack theirs: a negative one
     * lands as its two's complement, so it reads back as 2^64 minus it. The body and the TTL stay.
     */
    void plant(RedisClusterCommands<String, String> redis, String key, long value) {
        redis.eval("local t = {struct.unpack(" + LAYOUT + ", redis.call('GETRANGE', KEYS[1], 0, 63))}"
                + " t[tonumber(ARGV[1])] = tonumber(ARGV[2])"
                + " return redis.call('SETRANGE', KEYS[1], 0, struct.pack(" + LAYOUT
                + ", t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8]))",
                ScriptOutputType.INTEGER, new String[] {key}, Integer.toString(ordinal() + 1), Long.toString(value));
    }
}
