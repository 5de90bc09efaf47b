package dev.sessionkeeper.internal;

import dev.sessionkeeper.LimitPolicy;
import dev.sessionkeeper.SessionValue;
import dev.sessionkeeper.codec.CodecException;
import dev.sessionkeeper.codec.JsonAttributeCodec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.sessionkeeper.SessionValue.concat;
import static dev.sessionkeeper.SessionValue.octets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A stored value (header and body) becomes a session: the header's numbers, the principal, the
 * attributes decoded or kept undecodable, reserved '@' entries ignored; and what the scripts
 * never hand over (a key of neither prefix, a value shorter than its header) is a
 * {@link CodecException}, the broken contract a find reports.
 */
class SessionDecoderTest {

    private static final String ID = SessionIds.generate(7);
    private static final SessionDecoder DECODER = new SessionDecoder(new StoreSettings(
            new StoreSettings.Connection("redis://127.0.0.1:1", "ns", null, Duration.ofSeconds(1), Duration.ofSeconds(1),
                    null),
            16, new StoreSettings.Timeouts(1_800_000, 0, 300_000, 86_400_000), new SizeLimits(128 * 1024, 1024 * 1024),
            JsonAttributeCodec.defaults(), new StoreSettings.Events(100_000, 0, "", false),
            new StoreSettings.PrincipalLimit(0, LimitPolicy.EVICT_LEAST_RECENTLY_USED), Observers.of(List.of())));

    private static byte[] value(Map<String, String> body) {
        return concat(SessionValue.header(1_700_000_000_000L, 1_700_000_000_500L, 1_800_000L, 86_400_000L,
                1_700_001_800_500L, 12L, 1_700_001_800_500L, 3L), SessionValue.map(body));
    }

    @Test
    void aValueDecodesToItsNumbersPrincipalAndAttributes() {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("@p", "alice@example.org");
        body.put(".theme", "\"dark\"");
        body.put(".cart", "[\"apple\",\"pear\"]");
        body.put(".evil", "@java.lang.Runtime:{}");
        body.put("@future", "reserved");
        SessionState s = DECODER.decode(ID, 1_700_000_001_000L, 1_700_001_801_000L, value(body));

        assertThat(s.createdAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(s.lastAccessedAt()).as("now, from the script").isEqualTo(Instant.ofEpochMilli(1_700_000_001_000L));
        assertThat(s.expiresAt()).as("the deadline from the script").isEqualTo(Instant.ofEpochMilli(1_700_001_801_000L));
        assertThat(s.idleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(s.absoluteTimeout()).isEqualTo(Duration.ofDays(1));
        assertThat(s.version()).isEqualTo(12);
        assertThat(s.principal()).isEqualTo("alice@example.org");
        assertThat(s.attributeNames()).containsExactlyInAnyOrder("theme", "cart");
        assertThat(s.get("theme")).isEqualTo("dark");
        assertThat(s.get("cart")).isEqualTo(List.of("apple", "pear"));
        assertThat(s.undecodableAttributeNames()).containsExactly("evil");
    }

    @Test
    void anAnonymousSessionWithNoAttributesIsTheEmptyArrayCmsgpackWrites() {
        byte[] value = concat(SessionValue.header(1, 1, 1, 0, 2, 0, 2, 0), octets(0x90));
        SessionState s = DECODER.decode(ID, 1, 2, value);
        assertThat(s.principal()).isNull();
        assertThat(s.attributeNames()).isEmpty();
        assertThat(s.absoluteTimeout()).isEqualTo(Duration.ZERO);
    }

    @Test
    void whatTheScriptsNeverHandOverIsACodecException() {
        assertThatThrownBy(() -> DECODER.decode(ID, 1, 2, value(Map.of("junk", "x"))))
                .isInstanceOf(CodecException.class).hasMessageContaining("'junk'");
        assertThatThrownBy(() -> DECODER.decode(ID, 1, 2, value(Map.of("", "x")))).isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> DECODER.decode(ID, 1, 2, new byte[SessionValue.HEADER_BYTES - 1]))
                .isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> DECODER.decode(ID, 1, 2, concat(SessionValue.header(1, 1, 0, 0, 2, 0, 2, 0), octets(0x90))))
                .isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> DECODER.decode(ID, 1, 2, concat(value(Map.of(".k", "1")), octets(0xc0))))
                .isInstanceOf(CodecException.class);
    }
}
