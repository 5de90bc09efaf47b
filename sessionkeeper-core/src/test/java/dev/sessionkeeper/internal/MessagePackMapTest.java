package dev.sessionkeeper.internal;

import dev.sessionkeeper.codec.CodecException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The body reader takes the subset of MessagePack that {@code cmsgpack.pack} writes for a table of
 * strings (and the bin family), and refuses everything else, bytes left over or missing included.
 */
class MessagePackMapTest {

    @Test
    void readsEveryMapAndStringWidth() {
        byte[] big = "x".repeat(70_000).getBytes(StandardCharsets.UTF_8);
        byte[] body = bytes(0x83, 0xa2, '.', 'a', 0xd9, 1, 'v',
                0xc4, 2, '@', 'p', 0xda, 0, 1, 'u',
                0xdb, 0, 0, 0, 2, '.', 'b');
        body = concat(body, bytes(0xc6, 0, 1, 0x11, 0x70), big);
        Map<String, byte[]> m = MessagePackMap.read(body, 0);
        assertThat(m).containsOnlyKeys(".a", "@p", ".b");
        assertThat(new String(m.get(".a"), StandardCharsets.UTF_8)).isEqualTo("v");
        assertThat(new String(m.get("@p"), StandardCharsets.UTF_8)).isEqualTo("u");
        assertThat(m.get(".b")).isEqualTo(big);

        assertThat(MessagePackMap.read(bytes(0xde, 0, 1, 0xa1, '.', 0xa0), 0)).containsOnlyKeys(".");
        assertThat(MessagePackMap.read(bytes(0xdf, 0, 0, 0, 1, 0xa1, '.', 0xa0), 0)).containsOnlyKeys(".");
    }

    @Test
    void theEmptyArrayCmsgpackWritesForAnEmptyTableIsTheEmptyMap() {
        assertThat(MessagePackMap.read(bytes(0x90), 0)).isEmpty();
        assertThat(MessagePackMap.read(bytes(0xdc, 0, 0), 0)).isEmpty();
        assertThat(MessagePackMap.read(bytes(0xdd, 0, 0, 0, 0), 0)).isEmpty();
        assertThat(MessagePackMap.read(bytes(0x80), 0)).isEmpty();
    }

    @Test
    void readsFromAnOffset() {
        assertThat(MessagePackMap.read(bytes(1, 2, 3, 0x81, 0xa1, '.', 0xa1, 'v'), 3)).containsOnlyKeys(".");
    }

    @Test
    void refusesWhatIsNotOneMapOfStrings() {
        byte[][] bad = {
                bytes(),
                bytes(0x91, 0xa1, 'x'),
                bytes(0xdc, 0, 1, 0xa1, 'x'),
                bytes(0xc0),
                bytes(0xa1, 'x'),
                bytes(0x81, 0xa1, '.', 0x01),
                bytes(0x81, 0x01, 0xa1, 'v'),
                bytes(0x81, 0xa1, '.', 0xc0),
                bytes(0x81, 0xa1, '.', 0x80),
                bytes(0x81, 0xa1, '.'),
                bytes(0x81, 0xa5, '.'),
                bytes(0x81, 0xa1, '.', 0xa0, 0x80),
                bytes(0xdf, 0x7f, 0xff, 0xff, 0xff),
                bytes(0x81, 0xa1, '.', 0xdb, 0xff, 0xff, 0xff, 0xff),
                bytes(0xde, 0),
        };
        for (byte[] b : bad) {
            assertThatThrownBy(() -> MessagePackMap.read(b, 0)).isInstanceOf(CodecException.class);
        }
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
