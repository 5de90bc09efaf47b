package dev.sessionkeeper.internal;

import dev.sessionkeeper.SessionValue;
import dev.sessionkeeper.codec.CodecException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.sessionkeeper.SessionValue.concat;
import static dev.sessionkeeper.SessionValue.octets;
import static dev.sessionkeeper.SessionValue.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Java reader of a session's body reads the subset of MessagePack that the scripts write
 * (and the binary strings another client might), and refuses everything else with a
 * {@link CodecException}, never another exception nor a partial map.
 */
class MessagePackMapTest {

    private static Map<String, String> read(byte[] body) {
        byte[] value = concat(new byte[SessionHeader.BYTES], body);
        Map<String, String> out = new LinkedHashMap<>();
        MessagePackMap.read(value, SessionHeader.BYTES)
                .forEach((k, v) -> out.put(k, new String(v, StandardCharsets.UTF_8)));
        return out;
    }

    @Test
    void readsEveryMapAndStringForm() {
        assertThat(read(SessionValue.map(Map.of(".k", "v")))).containsExactly(Map.entry(".k", "v"));
        assertThat(read(concat(octets(0xde, 0, 1), str(".k"), str("v")))).containsExactly(Map.entry(".k", "v"));
        assertThat(read(concat(octets(0xdf, 0, 0, 0, 1), str(".k"), str("v")))).containsExactly(Map.entry(".k", "v"));
        assertThat(read(concat(octets(0x84),
                octets(0xd9, 2, '.', 'a'), octets(0xc4, 1, '1'),
                octets(0xda, 0, 2, '.', 'b'), octets(0xc5, 0, 1, '2'),
                octets(0xdb, 0, 0, 0, 2, '.', 'c'), octets(0xc6, 0, 0, 0, 1, '3'),
                octets(0xa2, '@', 'p'), octets(0xa0))))
                .containsExactly(Map.entry(".a", "1"), Map.entry(".b", "2"), Map.entry(".c", "3"), Map.entry("@p", ""));
        String long16 = "y".repeat(300);
        String long32 = "z".repeat(70_000);
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            many.put(".n" + i, Integer.toString(i));
        }
        many.put(".long16", long16);
        many.put(".long32", long32);
        assertThat(read(SessionValue.map(many))).isEqualTo(many);
        byte[] long16Bytes = long16.getBytes(StandardCharsets.UTF_8);
        assertThat(read(concat(octets(0x81), str(".k"), octets(0xda, 0x01, 0x2c), long16Bytes)))
                .containsEntry(".k", long16);
    }

    @Test
    void anEmptyMapMayBeAnEmptyArrayAsCmsgpackWritesIt() {
        for (byte[] empty : List.of(octets(0x80), octets(0x90), octets(0xdc, 0, 0), octets(0xdd, 0, 0, 0, 0),
                octets(0xde, 0, 0), octets(0xdf, 0, 0, 0, 0))) {
            assertThat(read(empty)).isEmpty();
        }
    }

    @Test
    void everythingElseIsACodecException() {
        byte[] map = SessionValue.map(Map.of(".k", "v"));
        List<byte[]> bad = List.of(
                new byte[0],
                octets(0xc1),
                octets(0xc0),
                "{\".k\":\"v\"}".getBytes(StandardCharsets.UTF_8),
                concat(map, map),
                concat(map, octets(0xc0)),
                concat(map, octets('x')),
                Arrays.copyOf(map, map.length - 1),
                concat(octets(0x91), str(".k")),
                octets(0xdc, 0, 1, 0xa0),
                octets(0xdd, 0, 0, 0, 1, 0xa0),
                octets(0x91, 0xc0),
                str(".k"),
                concat(octets(0x81), str(".k"), octets(0x01)),
                concat(octets(0x81), str(".k"), octets(0xc0)),
                concat(octets(0x81), str(".k"), map),
                concat(octets(0x81), octets(0x07), str("v")),
                concat(octets(0x81), str(".k"), octets(0xdb, 0xff, 0xff, 0xff, 0xff)),
                concat(octets(0x81), str(".k"), octets(0xc6, 0x80, 0, 0, 0)),
                concat(octets(0x81), str(".k"), octets(0xd9)),
                octets(0xde, 0),
                octets(0xdf, 0x7f, 0xff, 0xff, 0xff),
                octets(0xdf, 0xff, 0xff, 0xff, 0xff, 0xa0, 0xa0),
                octets(0x8f, 0xa0, 0xa0));
        for (byte[] body : bad) {
            assertThatThrownBy(() -> read(body)).as(Arrays.toString(body))
                    .isInstanceOf(CodecException.class).message().isNotBlank();
        }
    }

    /** Prefixes are the decoder's to judge ({@link SessionDecoder#attributes}), not the reader's. */
    @Test
    void keysAreReadWhateverTheirPrefix() {
        assertThat(read(SessionValue.map(Map.of("junk", "x")))).containsEntry("junk", "x");
        assertThat(read(SessionValue.map(Map.of("", "x")))).containsEntry("", "x");
    }

    @Test
    void aValueShorterThanTheHeaderHasNoBody() {
        assertThatThrownBy(() -> SessionDecoder.body(new byte[SessionHeader.BYTES - 1])).isInstanceOf(CodecException.class);
        assertThat(SessionDecoder.body(concat(new byte[SessionHeader.BYTES], octets(0x90)))).isEmpty();
    }
}
