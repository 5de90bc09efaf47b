package dev.sessionkeeper.internal;

import dev.sessionkeeper.DestroyReason;
import dev.sessionkeeper.RawRedis;
import dev.sessionkeeper.SessionValue;
import dev.sessionkeeper.codec.CodecException;
import dev.sessionkeeper.events.SessionEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionkeeper.testkit.RedisExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.sessionkeeper.SessionValue.concat;
import static dev.sessionkeeper.SessionValue.octets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Java's wire names ({@link WireFormat}, the event type and destroy reason enums) and status
 * codes ({@link ScriptCode}) and the scripts' (lua/include/names.lua, codes.lua) are the same: the include is run on a real Redis and its
 * tables compared, so the test reads what Lua actually evaluates, not a parse of the text.
 */
class WireFormatTest {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standalone();

    @Test
    void javaAndLuaNameTheSameFields() throws Exception {
        String names = include("names") + "\n" + include("codes");
        assertThat(names).doesNotContain("@include");
        String probe = names + "\nreturn cjson.encode({META = META, META_BYTE = META_BYTE, ATTRIBUTE_PREFIX = ATTRIBUTE_PREFIX,"
                + " ATTRIBUTE_BYTE = ATTRIBUTE_BYTE, EVENT = EVENT, EVENT_TYPE = EVENT_TYPE, SNAPSHOT = SNAPSHOT,"
                + " REASON = REASON, INDEX_SEPARATOR = INDEX_SEPARATOR, CODE = CODE})";
        Map<String, Object> lua;
        try (RawRedis raw = RawRedis.connect(REDIS.uri(), REDIS.nodeUris())) {
            String json = raw.sync().eval(probe, ScriptOutputType.VALUE, new String[0]);
            @SuppressWarnings("unchecked")
            Map<String, Object> parsed = new ObjectMapper().readValue(json, Map.class);
            lua = parsed;
        }

        assertThat(lua.get("META")).isEqualTo(Map.of("principal", WireFormat.PRINCIPAL));
        assertThat(lua.get("META_BYTE")).isEqualTo((int) WireFormat.META_PREFIX);
        assertThat(WireFormat.META_PREFIX_TEXT).isEqualTo(String.valueOf((char) WireFormat.META_PREFIX));
        assertThat(lua.get("ATTRIBUTE_BYTE")).isEqualTo((int) WireFormat.ATTRIBUTE_PREFIX);
        assertThat(lua.get("ATTRIBUTE_PREFIX")).isEqualTo(WireFormat.ATTRIBUTE_PREFIX_TEXT);
        assertThat(lua.get("EVENT")).isEqualTo(Map.of(
                "type", WireFormat.EVENT_TYPE, "sid", WireFormat.EVENT_SID, "principal", WireFormat.EVENT_PRINCIPAL,
                "deadline", WireFormat.EVENT_DEADLINE, "at", WireFormat.EVENT_AT, "reason", WireFormat.EVENT_REASON,
                "successor", WireFormat.EVENT_SUCCESSOR, "predecessor", WireFormat.EVENT_PREDECESSOR,
                "snapshot", WireFormat.EVENT_SNAPSHOT, "snapshot_omitted", WireFormat.EVENT_SNAPSHOT_OMITTED));
        assertThat(lua.get("EVENT_TYPE")).isEqualTo(Arrays.stream(SessionEvent.Type.values())
                .collect(Collectors.toMap(t -> t.name().toLowerCase(), SessionEvent.Type::wireName)));
        assertThat(lua.get("SNAPSHOT")).isEqualTo(Map.of(
                "none", WireFormat.SNAPSHOT_NONE, "taken", WireFormat.SNAPSHOT_TAKEN,
                "truncated", WireFormat.SNAPSHOT_TRUNCATED, "lost", WireFormat.SNAPSHOT_LOST));
        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put("corrupt", WireFormat.REASON_CORRUPT);
        reasons.put("evicted_by_limit", DestroyReason.EVICTED_BY_LIMIT.wireName());
        assertThat(lua.get("REASON")).isEqualTo(reasons);
        assertThat(lua.get("INDEX_SEPARATOR")).isEqualTo(String.valueOf((char) WireFormat.INDEX_SEPARATOR));
        assertThat(lua.get("CODE")).isEqualTo(Arrays.stream(ScriptCode.values())
                .collect(Collectors.toMap(Enum::name, c -> (int) c.wire())));
    }

    @Test
    void anIndexMemberIsPrincipalSeparatorIdAndParsesBack() {
        byte[] principal = "alice@example.org".getBytes(StandardCharsets.UTF_8);
        byte[] member = WireFormat.indexMember(principal, "007abc");
        assertThat(new String(member, StandardCharsets.UTF_8)).isEqualTo("alice@example.org\u0000007abc");
        assertThat(WireFormat.indexId(member, principal.length)).isEqualTo("007abc");
        assertThat(new String(WireFormat.indexRangeEnd(principal), StandardCharsets.UTF_8)).isEqualTo("alice@example.org\u0001");
    }

    @Test
    void javaReadsTheHeaderLuaPacksAndLuaReadsJavas() throws Exception {
        String meta = include("names") + "\n" + include("meta");
        SessionHeader expected = new SessionHeader(1_700_000_000_123L, 1_700_000_000_456L, 1_800_000L, 0L,
                1_700_001_800_456L, 41L, 999_999_999_999_999L, 7L);
        RedisClient client = RedisClient.create(REDIS.uri());
        try (var connection = client.connect(ByteArrayCodec.INSTANCE)) {
            var binary = connection.sync();
            String packed = meta + "\nreturn header({created = 1700000000123, last_access = 1700000000456, idle = 1800000,"
                    + " absolute = 0, deadline = 1700001800456, version = 41, ttl_at = 999999999999999, fence = 7})";
            byte[] fromLua = binary.eval(packed, ScriptOutputType.VALUE, new byte[0][]);
            assertThat(fromLua).hasSize(SessionHeader.BYTES).isEqualTo(pack(expected));
            assertThat(SessionHeader.parse(fromLua)).isEqualTo(expected);

            String read = meta + "\nlocal m, why = read_header(ARGV[1]) if not m then return why end"
                    + " return {m.created, m.last_access, m.idle, m.absolute, m.deadline, m.version, m.ttl_at, m.fence}";
            Object fromJava = binary.eval(read, ScriptOutputType.MULTI, new byte[0][], pack(expected));
            List<Long> numbers = List.of(1_700_000_000_123L, 1_700_000_000_456L, 1_800_000L, 0L,
                    1_700_001_800_456L, 41L, 999_999_999_999_999L, 7L);
            assertThat(fromJava).isEqualTo(numbers);
            // A whole value reads as its first 64 bytes, on both sides.
            byte[] value = concat(pack(expected), SessionValue.map(Map.of(".k", "v")));
            Object fromValue = binary.eval(read, ScriptOutputType.MULTI, new byte[0][], value);
            assertThat(fromValue).isEqualTo(numbers);
            assertThat(SessionHeader.parse(value)).isEqualTo(expected);

            // Both sides refuse the same headers, for the same reason: a number of 1e15 (the fence's
            // too), 2^64 - 1, an idle timeout of 0, a value shorter than the header.
            byte[] huge = pack(new SessionHeader(1_000_000_000_000_000L, 1, 1, 0, 1, 0, 1, 0));
            byte[] hugeFence = pack(new SessionHeader(1, 1, 1, 0, 1, 0, 1, 1_000_000_000_000_000L));
            byte[] allOnes = pack(new SessionHeader(1, 1, 1, 0, 1, -1L, 1, 0));
            byte[] idleZero = pack(new SessionHeader(1, 1, 0, 0, 1, 0, 1, 0));
            byte[] shortOne = Arrays.copyOf(pack(expected), SessionHeader.BYTES - 1);
            for (byte[] bad : new byte[][] {huge, hugeFence, allOnes, idleZero, shortOne, new byte[0]}) {
                Object why = binary.eval(read, ScriptOutputType.VALUE, new byte[0][], bad);
                assertThatThrownBy(() -> SessionHeader.parse(bad))
                        .isInstanceOf(CodecException.class)
                        .hasMessage(new String((byte[]) why, StandardCharsets.UTF_8));
            }
        } finally {
            client.shutdown();
        }
    }

    /**
     * The body as Lua's session_value writes it reads back in Java to the same entries, and every
     * body the scripts' read_session accepts, Java reads to the entries the scripts see; those it
     * refuses say why. Java reads a little more (binary strings, a key given twice), never less.
     */
    @Test
    void javaReadsEveryBodyTheScriptsAccept() throws Exception {
        String meta = include("names") + "\n" + include("meta");
        byte[] header = pack(new SessionHeader(1_700_000_000_123L, 1_700_000_000_456L, 1_800_000L, 0L,
                1_700_001_800_456L, 0L, 1_700_001_800_456L, 0L));
        RedisClient client = RedisClient.create(REDIS.uri());
        try (var connection = client.connect(ByteArrayCodec.INSTANCE)) {
            var binary = connection.sync();
            String written = meta + "\nlocal m = read_header(ARGV[1]) local fields = {}"
                    + " for i = 2, #ARGV, 2 do fields[ARGV[i]] = ARGV[i + 1] end return session_value(m, fields)";
            Map<String, String> entries = new LinkedHashMap<>();
            entries.put("@p", "alice@example.org");
            entries.put(".cart", "@cart:{\"items\":[\"apple\"],\"total\":3}");
            entries.put(".long", "\"" + "x".repeat(300) + "\"");
            entries.put("@future", "kept");
            for (int i = 0; i < 20; i++) {
                entries.put(".n" + i, Integer.toString(i));
            }
            for (Map<String, String> fields : List.of(Map.<String, String>of(), Map.of(".a", "1"), entries)) {
                List<byte[]> args = new ArrayList<>(List.of(header));
                fields.forEach((k, v) -> {
                    args.add(k.getBytes(StandardCharsets.UTF_8));
                    args.add(v.getBytes(StandardCharsets.UTF_8));
                });
                byte[] value = binary.eval(written, ScriptOutputType.VALUE, new byte[0][], args.toArray(new byte[0][]));
                assertThat(Arrays.copyOf(value, SessionHeader.BYTES)).isEqualTo(header);
                assertThat(text(SessionDecoder.body(value))).isEqualTo(fields);
            }

            String judged = meta + "\nlocal m, fields = read_session(ARGV[1]) if not m then return {0, fields} end"
                    + " local flat = {} for k, v in pairs(fields) do flat[#flat + 1] = k flat[#flat + 1] = v end"
                    + " return {1, flat}";
            Map<String, byte[]> bodies = new LinkedHashMap<>();
            bodies.put("fixmap", SessionValue.map(Map.of(".k", "v")));
            bodies.put("empty array", octets(0x90));
            bodies.put("empty fixmap", octets(0x80));
            bodies.put("empty array16", octets(0xdc, 0, 0));
            bodies.put("empty array32", octets(0xdd, 0, 0, 0, 0));
            bodies.put("map16 and str8/16/32", concat(octets(0xde, 0, 3),
                    octets(0xd9, 2, '.', 'a'), octets(0xa1, '1'),
                    octets(0xda, 0, 2, '.', 'b'), octets(0xda, 0, 1, '2'),
                    octets(0xdb, 0, 0, 0, 2, '@', 'c'), octets(0xdb, 0, 0, 0, 1, '3')));
            bodies.put("map32", concat(octets(0xdf, 0, 0, 0, 1), SessionValue.str(".k"), SessionValue.str("v")));
            List<String> readable = List.copyOf(bodies.keySet());
            bodies.putAll(SessionValue.corruptBodies());
            List<String> accepted = new ArrayList<>();
            for (Map.Entry<String, byte[]> body : bodies.entrySet()) {
                byte[] value = concat(header, body.getValue());
                List<?> reply = binary.eval(judged, ScriptOutputType.MULTI, new byte[0][], value);
                if ((Long) reply.get(0) == 1) {
                    accepted.add(body.getKey());
                    List<?> flat = (List<?>) reply.get(1);
                    Map<String, String> seen = new HashMap<>();
                    for (int i = 0; i + 1 < flat.size(); i += 2) {
                        seen.put(new String((byte[]) flat.get(i), StandardCharsets.UTF_8),
                                new String((byte[]) flat.get(i + 1), StandardCharsets.UTF_8));
                    }
                    assertThat(text(SessionDecoder.body(value))).as(body.getKey()).isEqualTo(seen);
                } else {
                    assertThat(new String((byte[]) reply.get(1), StandardCharsets.UTF_8)).as(body.getKey()).isNotBlank();
                }
            }
            assertThat(accepted).isEqualTo(readable);
        } finally {
            client.shutdown();
        }
    }

    private static Map<String, String> text(Map<String, byte[]> entries) {
        Map<String, String> out = new HashMap<>();
        entries.forEach((k, v) -> out.put(k, new String(v, StandardCharsets.UTF_8)));
        return out;
    }

    /** A header's bytes as the scripts pack them, to hand Lua and to plant. */
    private static byte[] pack(SessionHeader h) {
        return ByteBuffer.allocate(SessionHeader.BYTES).putLong(h.created()).putLong(h.lastAccess()).putLong(h.idleMs())
                .putLong(h.absoluteMs()).putLong(h.deadline()).putLong(h.version()).putLong(h.ttlAt()).putLong(h.fence())
                .array();
    }

    private static String include(String name) throws IOException {
        try (InputStream in = WireFormat.class.getResourceAsStream("/dev/sessionkeeper/lua/include/" + name + ".lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
