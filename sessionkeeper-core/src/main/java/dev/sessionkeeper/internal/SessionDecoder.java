package dev.sessionkeeper.internal;

import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.codec.CodecException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a session's stored value (storage format 3: a {@link SessionHeader} and a body read by
 * {@link MessagePackMap}) into a {@link SessionState}. The scripts judge whether a value is
 * corrupt ({@code include/meta.lua}'s {@code read_session}) and quarantine it themselves, so a
 * value they return decodes: a header or body that does not read, or a key that is neither
 * metadata nor an attribute, is still a {@link CodecException} here, which for a find means a
 * broken script contract (the store fails the call) and for a rotation a session carried over
 * empty.
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

    /**
     * A loaded session from its stored value; {@code now} and {@code deadline} come from the script
     * that touched it, not from the value's header, which is as it was before the touch.
     */
    SessionState decode(String id, long now, long deadline, byte[] value) {
        SessionHeader header = SessionHeader.parse(value);
        Map<String, byte[]> stored = new HashMap<>();
        Map<String, Object> values = new HashMap<>();
        Map<String, String> undecodable = new HashMap<>();
        Map<String, byte[]> meta = attributes(body(value), stored, values, undecodable);
        undecodable.forEach((name, why) -> warnOnce(id, name, why));
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

    /** The entries of a value's body, keys with their '@' or '.' prefix. */
    static Map<String, byte[]> body(byte[] value) {
        SessionHeader.requireWhole(value);
        return MessagePackMap.read(value, SessionHeader.BYTES);
    }

    /**
     * Splits a body's entries ({@link #body}) into its attributes (encoded and decoded, filled into
     * the maps given) and its metadata entries (returned). An attribute the codec cannot decode is
     * kept among the encoded ones only.
     */
    Map<String, byte[]> attributes(Map<String, byte[]> body, Map<String, byte[]> stored, Map<String, Object> values) {
        return attributes(body, stored, values, new HashMap<>());
    }

    /** As above, and names each attribute the codec cannot decode in {@code undecodable}, with why. */
    Map<String, byte[]> attributes(Map<String, byte[]> body, Map<String, byte[]> stored, Map<String, Object> values,
                                   Map<String, String> undecodable) {
        Map<String, byte[]> meta = new HashMap<>();
        for (Map.Entry<String, byte[]> e : body.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(WireFormat.ATTRIBUTE_PREFIX_TEXT)) {
                String name = key.substring(1);
                stored.put(name, e.getValue());
                decodeInto(name, e.getValue(), values, undecodable);
            } else if (key.startsWith(WireFormat.META_PREFIX_TEXT)) {
                meta.put(key, e.getValue());
            } else {
                throw new CodecException("key '" + key + "' is neither metadata nor an attribute");
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
