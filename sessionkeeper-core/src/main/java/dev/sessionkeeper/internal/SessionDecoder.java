package dev.sessionkeeper.internal;

import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.codec.CodecException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a session hash (an HGETALL reply: field, value, ...) into a {@link SessionState}. The
 * scripts judge whether a hash is corrupt ({@code include/meta.lua}'s {@code read_meta}) and
 * quarantine it themselves, so a hash they return decodes: unexpected metadata or fields are
 * still a {@link CodecException} here, which for a find means a broken script contract (the
 * store fails the call) and for a rotation a session carried over empty.
 *
 * <p>An attribute value the codec cannot decode is not: during a rolling deploy an older
 * instance meets aliases only a newer one registered, and that must never cost a live user the
 * session. Such an attribute keeps its stored bytes, untouched, and the session marks it
 * undecodable: reading it throws a {@link CodecException} naming it, and a save never writes it
 * back.
 */
final class SessionDecoder {

    private static final Logger log = LoggerFactory.getLogger(SessionStore.class);
    /** Attribute names already warned about: one warning per name, for this many names at most. */
    private static final int WARNED_NAMES = 64;

    private final StoreSettings settings;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    SessionDecoder(StoreSettings settings) {
        this.settings = settings;
    }

    /** A loaded session; {@code now} and {@code deadline} come from the script that touched it. */
    SessionState decode(String id, long now, long deadline, List<Object> flat) {
        Map<String, byte[]> stored = new HashMap<>();
        Map<String, Object> values = new HashMap<>();
        Map<String, String> undecodable = new HashMap<>();
        Map<String, byte[]> meta = attributes(flat, stored, values, undecodable);
        undecodable.forEach((name, why) -> warnOnce(id, name, why));
        SessionHeader header = SessionHeader.of(meta);
        return SessionState.loaded(id, settings.codec(), settings.limits())
                .createdAt(header.created())
                .lastAccessedAt(now)
                .expiresAt(deadline)
                .idleTimeoutMs(header.idleMs())
                .absoluteTimeoutMs(header.absoluteMs())
                .version(header.version())
                .principal(text(meta, WireFormat.PRINCIPAL))
                .attributes(new SessionState.Attributes(stored, values, undecodable))
                .build();
    }

    /**
     * The successor of a rotation, from the attributes carried over as stored bytes: those the
     * codec cannot decode are carried untouched and marked undecodable, as on a load.
     */
    SessionState carried(String id, long createdAt, long now, long deadline, long idleMs, long absoluteMs, String principal,
                    Map<String, byte[]> carried) {
        Map<String, Object> values = new HashMap<>();
        Map<String, String> undecodable = new HashMap<>();
        carried.forEach((name, bytes) -> decodeInto(name, bytes, values, undecodable));
        return SessionState.loaded(id, settings.codec(), settings.limits())
                .createdAt(createdAt)
                .lastAccessedAt(now)
                .expiresAt(deadline)
                .idleTimeoutMs(idleMs)
                .absoluteTimeoutMs(absoluteMs)
                .version(0)
                .principal(principal)
                .attributes(new SessionState.Attributes(carried, values, undecodable))
                .build();
    }

    /**
     * Splits a hash into its attributes (encoded and decoded, filled into the maps given) and
     * its metadata fields (returned). An attribute the codec cannot decode is kept among the
     * encoded ones only.
     */
    Map<String, byte[]> attributes(List<Object> flat, Map<String, byte[]> stored, Map<String, Object> values) {
        return attributes(flat, stored, values, new HashMap<>());
    }

    /** As above, and names each attribute the codec cannot decode in {@code undecodable}, with why. */
    Map<String, byte[]> attributes(List<Object> flat, Map<String, byte[]> stored, Map<String, Object> values,
                                   Map<String, String> undecodable) {
        Map<String, byte[]> meta = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            byte[] field = (byte[]) flat.get(i);
            byte[] value = (byte[]) flat.get(i + 1);
            if (field.length > 0 && field[0] == WireFormat.ATTRIBUTE_PREFIX) {
                String name = new String(field, 1, field.length - 1, StandardCharsets.UTF_8);
                stored.put(name, value);
                decodeInto(name, value, values, undecodable);
            } else if (field.length > 0 && field[0] == WireFormat.META_PREFIX) {
                meta.put(new String(field, StandardCharsets.UTF_8), value);
            } else {
                throw new CodecException("field '" + new String(field, StandardCharsets.UTF_8)
                        + "' is neither metadata nor an attribute");
            }
        }
        return meta;
    }

    private void decodeInto(String name, byte[] value, Map<String, Object> values, Map<String, String> undecodable) {
        try {
            Object decoded = settings.codec().decode(value);
            if (decoded == null) {
                undecodable.put(name, "it is stored as JSON null");
            } else {
                values.put(name, decoded);
            }
        } catch (CodecException e) {
            undecodable.put(name, e.getMessage());
        }
    }

    private void warnOnce(String id, String name, String why) {
        if (warned.size() < WARNED_NAMES && warned.add(name)) {
            log.warn("session {}: attribute '{}' cannot be decoded by this codec ({}); the session is served"
                            + " without it and its stored value is kept as it is (an instance with a newer codec may"
                            + " know it). Further such attributes of this name are logged at debug level.",
                    SessionIds.redact(id), LogText.escape(name), LogText.escape(why));
        } else {
            log.debug("session {}: attribute '{}' cannot be decoded ({})", SessionIds.redact(id), LogText.escape(name),
                    LogText.escape(why));
        }
    }

    static String text(Map<String, byte[]> meta, String field) {
        byte[] v = meta.get(field);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }
}
