package dev.sessionkeeper.internal;

import dev.sessionkeeper.DestroyReason;
import dev.sessionkeeper.RawRedis;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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

        assertThat(lua.get("META")).isEqualTo(Map.of(
                "header", WireFormat.HEADER, "principal", WireFormat.PRINCIPAL, "fence", WireFormat.FENCE));
        assertThat(lua.get("META_BYTE")).isEqualTo((int) WireFormat.META_PREFIX);
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
                1_700_001_800_456L, 41L, 999_999_999_999_999L);
        RedisClient client = RedisClient.create(REDIS.uri());
        try (var connection = client.connect(ByteArrayCodec.INSTANCE)) {
            var binary = connection.sync();
            String packed = meta + "\nreturn header({created = 1700000000123, last_access = 1700000000456, idle = 1800000,"
                    + " absolute = 0, deadline = 1700001800456, version = 41, ttl_at = 999999999999999})";
            byte[] fromLua = binary.eval(packed, ScriptOutputType.VALUE, new byte[0][]);
            assertThat(SessionHeader.parse(fromLua)).isEqualTo(expected);

            String read = meta + "\nlocal m, why = read_header(ARGV[1]) if not m then return why end"
                    + " return {m.created, m.last_access, m.idle, m.absolute, m.deadline, m.version, m.ttl_at}";
            Object fromJava = binary.eval(read, ScriptOutputType.MULTI, new byte[0][], pack(expected));
            assertThat(fromJava).isEqualTo(List.of(1_700_000_000_123L, 1_700_000_000_456L, 1_800_000L, 0L,
                    1_700_001_800_456L, 41L, 999_999_999_999_999L));

            // Both sides refuse the same headers: a number of 1e15, an idle timeout of 0, a wrong length.
            byte[] huge = pack(new SessionHeader(1_000_000_000_000_000L, 1, 1, 0, 1, 0, 1));
            byte[] idleZero = pack(new SessionHeader(1, 1, 0, 0, 1, 0, 1));
            byte[] shortOne = Arrays.copyOf(pack(expected), 55);
            for (byte[] bad : new byte[][] {huge, idleZero, shortOne}) {
                Object why = binary.eval(read, ScriptOutputType.VALUE, new byte[0][], bad);
                assertThat(new String((byte[]) why, StandardCharsets.UTF_8)).startsWith("metadata field @m ");
                assertThatThrownBy(() -> SessionHeader.parse(bad))
                        .isInstanceOf(CodecException.class)
                        .hasMessageStartingWith("metadata field @m ");
            }
        } finally {
            client.shutdown();
        }
    }

    /** A header's bytes as the scripts pack them, to hand Lua and to plant. */
    private static byte[] pack(SessionHeader h) {
        return ByteBuffer.allocate(SessionHeader.BYTES).putLong(h.created()).putLong(h.lastAccess()).putLong(h.idleMs())
                .putLong(h.absoluteMs()).putLong(h.deadline()).putLong(h.version()).putLong(h.ttlAt()).array();
    }

    private static String include(String name) throws IOException {
        try (InputStream in = WireFormat.class.getResourceAsStream("/dev/sessionkeeper/lua/include/" + name + ".lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
