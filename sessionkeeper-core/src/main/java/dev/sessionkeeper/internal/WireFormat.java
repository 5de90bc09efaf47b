package dev.sessionkeeper.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The names the scripts and the Java side share in Redis: a session body's metadata key and
 * attribute prefix (the value's layout is {@link SessionHeader} and {@link MessagePackMap}), an
 * event's fields, and the principal index member. The Lua side defines the
 * same names once, in {@code lua/include/names.lua}; WireFormatTest fails when the two disagree.
 * Event types and destroy reasons are their enums' wire names ({@link SessionEvent.Type},
 * {@link DestroyReason}), checked against the same include.
 *
 * <p>Metadata keys start with '@' and attributes with '.', so no attribute name can shadow
 * metadata; any other key makes a session corrupt. '@' keys other than {@link #PRINCIPAL} are
 * reserved: readers ignore them and the scripts carry them through a save.
 */
final class WireFormat {

    static final byte META_PREFIX = '@';
    static final String META_PREFIX_TEXT = "@";
    static final byte ATTRIBUTE_PREFIX = '.';
    static final String ATTRIBUTE_PREFIX_TEXT = ".";

    /** Principal, when the session has one. */
    static final String PRINCIPAL = "@p";

    static final String EVENT_TYPE = "type";
    static final String EVENT_SID = "sid";
    static final String EVENT_PRINCIPAL = "principal";
    static final String EVENT_DEADLINE = "deadline";
    static final String EVENT_AT = "at";
    static final String EVENT_REASON = "reason";
    static final String EVENT_SUCCESSOR = "successor";
    static final String EVENT_PREDECESSOR = "predecessor";
    static final String EVENT_SNAPSHOT = "snapshot";
    static final String EVENT_SNAPSHOT_OMITTED = "snapshot-omitted";

    /** Values of {@link #EVENT_SNAPSHOT}. */
    static final String SNAPSHOT_NONE = "none";
    static final String SNAPSHOT_TAKEN = "taken";
    static final String SNAPSHOT_TRUNCATED = "truncated";
    static final String SNAPSHOT_LOST = "lost";

    /** The reason of the 'destroyed' event a quarantine writes; not a {@link DestroyReason}: no caller asks for it. */
    static final String REASON_CORRUPT = "corrupt";

    /**
     * Separates principal and id in a principal index member, {@code <principal>\0<id>}: no
     * principal contains it ({@link Principals}), and it sorts below every other byte, so one
     * principal's members are the lexicographic range {@code [p\0, p\1)}.
     */
    static final byte INDEX_SEPARATOR = 0;

    private WireFormat() {
    }

    /** The principal index member of session {@code id}; with an empty id, the start of the principal's range. */
    static byte[] indexMember(byte[] principal, String id) {
        byte[] m = Arrays.copyOf(principal, principal.length + 1 + id.length());
        m[principal.length] = INDEX_SEPARATOR;
        System.arraycopy(id.getBytes(StandardCharsets.US_ASCII), 0, m, principal.length + 1, id.length());
        return m;
    }

    /** The end (exclusive) of the principal's range of index members. */
    static byte[] indexRangeEnd(byte[] principal) {
        byte[] upper = Arrays.copyOf(principal, principal.length + 1);
        upper[principal.length] = INDEX_SEPARATOR + 1;
        return upper;
    }

    /** The session id of an index member of the principal whose UTF-8 form is {@code principalLength} bytes long. */
    static String indexId(byte[] member, int principalLength) {
        return new String(member, principalLength + 1, member.length - principalLength - 1, StandardCharsets.US_ASCII);
    }

    /** The body key of an attribute, as save.lua and create.lua take it: its name behind the '.' prefix. */
    static byte[] attributeField(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[utf8.length + 1];
        out[0] = ATTRIBUTE_PREFIX;
        System.arraycopy(utf8, 0, out, 1, utf8.length);
        return out;
    }
}
