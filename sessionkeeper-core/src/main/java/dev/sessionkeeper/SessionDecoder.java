package dev.sessionkeeper;

import dev.sessionkeeper.codec.CodecException;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a session hash (an HGETALL reply: field, value, ...) into a {@link Session}. Data in
 * Redis is not trusted: anything unexpected is a {@link CodecException}, which the store
 * treats as a corrupt session.
 */
final class SessionDecoder {

    static final byte META = '@';
    static final byte ATTRIBUTE = '.';

    private final StoreSettings settings;

    SessionDecoder(StoreSettings settings) {
        this.settings = settings;
    }

    /** A loaded session; {@code now} and {@code deadline} come from the script that touched it. */
    Session decode(String id, long now, long deadline, List<Object> flat) {
        Map<String, byte[]> stored = new HashMap<>();
        Map<String, Object> values = new HashMap<>();
        Map<String, byte[]> meta = attributes(flat, stored, values);
        return Session.loaded(id, settings.codec(), settings.limits(), number(meta, "@c"), now, deadline,
                number(meta, "@i"), number(meta, "@x"), number(meta, "@v"), text(meta, "@p"), stored, values);
    }

    /**
     * Splits a hash into its attributes (encoded and decoded, filled into the maps given) and
     * its metadata fields (returned).
     */
    Map<String, byte[]> attributes(List<Object> flat, Map<String, byte[]> stored, Map<String, Object> values) {
        Map<String, byte[]> meta = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            byte[] field = (byte[]) flat.get(i);
            byte[] value = (byte[]) flat.get(i + 1);
            if (field.length > 0 && field[0] == ATTRIBUTE) {
                String name = new String(field, 1, field.length - 1, StandardCharsets.UTF_8);
                Object decoded = settings.codec().decode(value);
                if (decoded == null) {
                    throw new CodecException("attribute '" + name + "' is stored as JSON null");
                }
                stored.put(name, value);
                values.put(name, decoded);
            } else if (field.length > 0 && field[0] == META) {
                meta.put(new String(field, StandardCharsets.UTF_8), value);
            } else {
                throw new CodecException("field '" + new String(field, StandardCharsets.UTF_8)
                        + "' is neither metadata nor an attribute");
            }
        }
        return meta;
    }

    static long number(Map<String, byte[]> meta, String field) {
        byte[] v = meta.get(field);
        if (v == null) {
            throw new CodecException("metadata field " + field + " is missing");
        }
        try {
            return Long.parseLong(new String(v, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw new CodecException("metadata field " + field + " is not a number", e);
        }
    }

    static String text(Map<String, byte[]> meta, String field) {
        byte[] v = meta.get(field);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    /** The hash field of an attribute: its name behind the '.' prefix. */
    static byte[] field(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[utf8.length + 1];
        out[0] = ATTRIBUTE;
        System.arraycopy(utf8, 0, out, 1, utf8.length);
        return out;
    }
}
