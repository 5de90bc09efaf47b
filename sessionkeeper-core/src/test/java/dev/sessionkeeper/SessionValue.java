package dev.sessionkeeper;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session as Redis stores it (storage format 3, docs/wire-format.md): one string, a 64-byte
 * header of eight unsigned big-endian numbers, then one MessagePack map of '@' metadata and '.'
 * attributes. Tests read and plant the map through the scripts' own {@code cmsgpack}, so a test
 * sees what the scripts see; where a test needs exact bytes, the encoder here writes the subset of
 * MessagePack that {@code cmsgpack.pack} writes for a table of strings, and any fragment beside it.
 */
public final class SessionValue {

    public static final int HEADER_BYTES = 64;

    private static final String BODY = "cmsgpack.unpack(string.sub(v, " + (HEADER_BYTES + 1) + "))";

    private SessionValue() {
    }

    /** The value's bytes, or null when there is no such key. */
    public static byte[] get(RawRedis raw, String key) {
        return raw.binary().get(utf8(key));
    }

    /** Replaces the value with {@code value}, keeping the key's TTL. */
    public static void put(RawRedis raw, String key, byte[] value) {
        raw.binary().set(utf8(key), value, SetArgs.Builder.keepttl());
    }

    /** The first 64 bytes of the value: its header. */
    public static byte[] header(RawRedis raw, String key) {
        return Arrays.copyOf(get(raw, key), HEADER_BYTES);
    }

    /** The value with its header kept and {@code body} behind it in place of the map, TTL kept. */
    public static void plantBody(RawRedis raw, String key, byte[] body) {
        put(raw, key, concat(header(raw, key), body));
    }

    /** The body's entries as the scripts' {@code cmsgpack} reads them; null when there is no such key. */
    public static Map<String, String> fields(RedisClusterCommands<String, String> redis, String key) {
        List<Object> reply = redis.eval("local v = redis.call('GET', KEYS[1]) if not v then return {0, {}} end"
                + " local flat = {} for k, x in pairs(" + BODY + ") do flat[#flat + 1] = k flat[#flat + 1] = x end"
                + " return {1, flat}", ScriptOutputType.MULTI, key);
        if ((Long) reply.get(0) == 0) {
            return null;
        }
        List<?> flat = (List<?>) reply.get(1);
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put((String) flat.get(i), (String) flat.get(i + 1));
        }
        return fields;
    }

    /** One entry of the body ('@p', '.name', ...), or null. */
    public static String field(RedisClusterCommands<String, String> redis, String key, String name) {
        Map<String, String> fields = fields(redis, key);
        return fields == null ? null : fields.get(name);
    }

    /**
     * Sets one entry of the body ({@code value} null: removes it), written back as the scripts
     * write a value; the header and the TTL stay.
     */
    public static void setField(RedisClusterCommands<String, String> redis, String key, String name, String value) {
        redis.eval("local v = redis.call('GET', KEYS[1]) local t = " + BODY
                        + " if ARGV[2] == '1' then t[ARGV[1]] = ARGV[3] else t[ARGV[1]] = nil end"
                        + " return redis.call('SET', KEYS[1], string.sub(v, 1, " + HEADER_BYTES
                        + ") .. cmsgpack.pack(t), 'KEEPTTL')",
                ScriptOutputType.STATUS, new String[] {key}, name, value == null ? "0" : "1", value == null ? "" : value);
    }

    /**
     * Bodies the scripts judge corrupt, named by what is wrong with them. cmsgpack reads any bytes
     * as some sequence of values or fails, so each is a different way of not being exactly one map
     * of strings: the judgement has to tell each apart.
     */
    public static Map<String, byte[]> corruptBodies() {
        byte[] map = map(Map.of(".k", "\"v\""));
        byte[] k = str(".k");
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("nothing", new byte[0]);
        bodies.put("not MessagePack: a byte no type starts with", octets(0xc1));
        bodies.put("not MessagePack: JSON text, read as many numbers", utf8("{\".k\":\"v\"}"));
        bodies.put("a map cut short", Arrays.copyOf(map, map.length - 1));
        bodies.put("two maps", concat(map, map));
        bodies.put("a map and trailing garbage", concat(map, utf8("garbage")));
        bodies.put("a map and a nil", concat(map, octets(0xc0)));
        bodies.put("nil", octets(0xc0));
        bodies.put("a string", k);
        bodies.put("a non-empty array", concat(octets(0x91), k));
        bodies.put("an array of one nil", octets(0x91, 0xc0));
        bodies.put("a number as a value", concat(mapHeader(1), k, octets(0x01)));
        bodies.put("nil as a value", concat(mapHeader(1), k, octets(0xc0)));
        bodies.put("a map as a value", concat(mapHeader(1), k, map));
        bodies.put("a number as a key", concat(mapHeader(1), octets(0x07), str("\"v\"")));
        bodies.put("a key given twice", concat(mapHeader(2), k, str("\"v\""), k, str("\"w\"")));
        bodies.put("an empty key", map(Map.of("", "x")));
        bodies.put("a key of neither prefix", map(Map.of("junk", "x")));
        bodies.put("a binary string, which cmsgpack does not read",
                concat(mapHeader(1), k, octets(0xc4, 3), utf8("\"v\"")));
        return bodies;
    }

    /** A header of eight numbers: created, last access, idle, absolute, deadline, version, ttl_at, fence. */
    public static byte[] header(long... numbers) {
        if (numbers.length != 8) {
            throw new IllegalArgumentException("a header has 8 numbers, not " + numbers.length);
        }
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES);
        for (long n : numbers) {
            b.putLong(n);
        }
        return b.array();
    }

    /** A map of strings in the forms {@code cmsgpack.pack} picks; an empty one as it writes {}: an empty array. */
    public static byte[] map(Map<String, String> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (entries.isEmpty()) {
            out.write(0x90);
            return out.toByteArray();
        }
        out.writeBytes(mapHeader(entries.size()));
        entries.forEach((k, v) -> {
            out.writeBytes(str(utf8(k)));
            out.writeBytes(str(utf8(v)));
        });
        return out.toByteArray();
    }

    /** The head of a map of {@code n} entries: fixmap, map16 or map32, the smallest that holds it. */
    public static byte[] mapHeader(int n) {
        if (n < 16) {
            return new byte[] {(byte) (0x80 | n)};
        }
        if (n < 0x10000) {
            return new byte[] {(byte) 0xde, (byte) (n >> 8), (byte) n};
        }
        return ByteBuffer.allocate(5).put((byte) 0xdf).putInt(n).array();
    }

    /** A string: fixstr, str8, str16 or str32, the smallest that holds it. */
    public static byte[] str(byte[] s) {
        int n = s.length;
        if (n < 32) {
            return concat(new byte[] {(byte) (0xa0 | n)}, s);
        }
        if (n < 0x100) {
            return concat(new byte[] {(byte) 0xd9, (byte) n}, s);
        }
        if (n < 0x10000) {
            return concat(new byte[] {(byte) 0xda, (byte) (n >> 8), (byte) n}, s);
        }
        return concat(ByteBuffer.allocate(5).put((byte) 0xdb).putInt(n).array(), s);
    }

    public static byte[] str(String s) {
        return str(utf8(s));
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Bytes written as numbers, 0..255. */
    public static byte[] octets(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
