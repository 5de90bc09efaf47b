package dev.sessionkeeper.internal;

import dev.sessionkeeper.codec.CodecException;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a session's body (docs/wire-format.md, "Session value"): exactly one MessagePack map of
 * string keys to string values, as Redis's {@code cmsgpack.pack} writes it from a Lua table. Only
 * that subset: a map (fixmap, map16, map32), or the empty array {@code cmsgpack.pack} writes for
 * an empty table (any array header of length 0); strings as str (fixstr, str8/16/32) or bin
 * (bin8/16/32). Anything else, bytes left over, or a length past the end, is a
 * {@link CodecException}.
 *
 * <p>Its own few lines rather than a MessagePack library: the subset is small, fixed by the
 * scripts, and a dependency would be one more jar in every application for it.
 */
final class MessagePackMap {

    private final byte[] bytes;
    private int at;

    private MessagePackMap(byte[] bytes, int offset) {
        this.bytes = bytes;
        this.at = offset;
    }

    /** The entries of the map from {@code offset} to the end of {@code bytes}, keys as UTF-8 text, in stored order. */
    static Map<String, byte[]> read(byte[] bytes, int offset) {
        MessagePackMap r = new MessagePackMap(bytes, offset);
        int entries = r.header();
        // Each entry takes at least two bytes: a count beyond that is refused before anything is sized by it.
        if (entries > (bytes.length - r.at) / 2) {
            throw new CodecException("the body declares " + entries + " entries, more than its bytes can hold");
        }
        Map<String, byte[]> out = new LinkedHashMap<>(Math.max(4, entries * 2));
        for (int i = 0; i < entries; i++) {
            String key = new String(r.string(), StandardCharsets.UTF_8);
            out.put(key, r.string());
        }
        if (r.at != bytes.length) {
            throw new CodecException("the body has " + (bytes.length - r.at) + " bytes after its map");
        }
        return out;
    }

    private int header() {
        int b = u8();
        if ((b & 0xf0) == 0x80) {
            return b & 0x0f;
        }
        switch (b) {
            case 0xde:
                return u16();
            case 0xdf:
                return u32();
            case 0x90:
                return 0;
            case 0xdc:
                if (u16() == 0) {
                    return 0;
                }
                break;
            case 0xdd:
                if (u32() == 0) {
                    return 0;
                }
                break;
            default:
                break;
        }
        throw new CodecException("the body is not a MessagePack map (it starts with 0x" + Integer.toHexString(b) + ")");
    }

    private byte[] string() {
        int b = u8();
        int length;
        if ((b & 0xe0) == 0xa0) {
            length = b & 0x1f;
        } else {
            length = switch (b) {
                case 0xd9, 0xc4 -> u8();
                case 0xda, 0xc5 -> u16();
                case 0xdb, 0xc6 -> u32();
                default -> throw new CodecException("the body holds a key or value that is not a string (0x"
                        + Integer.toHexString(b) + ")");
            };
        }
        need(length);
        byte[] s = new byte[length];
        System.arraycopy(bytes, at, s, 0, length);
        at += length;
        return s;
    }

    private int u8() {
        need(1);
        return bytes[at++] & 0xff;
    }

    private int u16() {
        need(2);
        int v = (bytes[at] & 0xff) << 8 | bytes[at + 1] & 0xff;
        at += 2;
        return v;
    }

    private int u32() {
        need(4);
        long v = (bytes[at] & 0xffL) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8 | bytes[at + 3] & 0xff;
        at += 4;
        if (v > Integer.MAX_VALUE) {
            throw new CodecException("the body declares a length of " + v + ", more than a value can hold");
        }
        return (int) v;
    }

    private void need(int n) {
        if (n > bytes.length - at) {
            throw new CodecException("the body ends " + (n - (bytes.length - at)) + " bytes short");
        }
    }
}
