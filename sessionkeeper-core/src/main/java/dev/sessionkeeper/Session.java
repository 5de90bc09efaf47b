package dev.sessionkeeper;

import dev.sessionkeeper.codec.AttributeCodec;
import dev.sessionkeeper.codec.CodecException;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One session as one request sees it: loaded by {@link SessionStore#find}, changed locally,
 * written back by {@link SessionStore#save}.
 *
 * <p>A session records which attributes a request set or removed, and a save writes exactly
 * those. Two requests that change different attributes of the same session therefore never
 * undo each other's work. A value that was read (or set) and then changed in place, such as
 * a list the request appended to, is saved too: at save time such values are encoded again and
 * compared with what is stored (strings, numbers and other immutable values are skipped).
 *
 * <p>Instances are safe to share between the threads of one request (e.g. async servlets);
 * they are not meant to outlive the request.
 */
public final class Session {

    private final String id;
    private final AttributeCodec codec;
    private final SizeLimits limits;

    private boolean isNew;
    private boolean gone;
    private long createdAt;
    private long lastAccessedAt;
    private long expiresAt;
    private long idleTimeoutMs;
    private long absoluteTimeoutMs;
    private long version;
    private long newIdleTimeoutMs = -1;
    private String principal;
    private String fence = "";

    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, byte[]> stored = new LinkedHashMap<>();
    private final Map<String, byte[]> pendingSets = new LinkedHashMap<>();
    private final Set<String> pendingRemovals = new HashSet<>();
    private final Set<String> readMutable = new HashSet<>();
    /** Attributes the codec could not decode, with why: their stored bytes are kept, never rewritten. */
    private final Map<String, String> undecodable = new LinkedHashMap<>();
    private long totalBytes;

    private Session(String id, AttributeCodec codec, SizeLimits limits) {
        this.id = id;
        this.codec = codec;
        this.limits = limits;
    }

    static Session draft(String id, AttributeCodec codec, SizeLimits limits, long idleMs, long absoluteMs) {
        Session s = new Session(id, codec, limits);
        s.isNew = true;
        s.idleTimeoutMs = idleMs;
        s.absoluteTimeoutMs = absoluteMs;
        return s;
    }

    static Session loaded(String id, AttributeCodec codec, SizeLimits limits, long createdAt, long lastAccessedAt,
                          long expiresAt, long idleMs, long absoluteMs, long version, String principal,
                          Map<String, byte[]> stored, Map<String, Object> values, Map<String, String> undecodable) {
        Session s = new Session(id, codec, limits);
        s.createdAt = createdAt;
        s.lastAccessedAt = lastAccessedAt;
        s.expiresAt = expiresAt;
        s.idleTimeoutMs = idleMs;
        s.absoluteTimeoutMs = absoluteMs;
        s.version = version;
        s.principal = principal;
        s.stored.putAll(stored);
        s.values.putAll(values);
        s.undecodable.putAll(undecodable);
        stored.forEach((name, bytes) -> s.totalBytes += size(name, bytes));
        return s;
    }

    /**
     * Whether a string has the exact session id format (the check every key is built behind).
     * A cookie value that fails it can never name a session, so callers can skip it without a
     * lookup. Pure and cheap: no Redis call.
     *
     * @param id a candidate id, possibly {@code null}
     * @return true exactly when {@code id} has the session id format; it may still name no
     *     session
     */
    public static boolean isWellFormedId(String id) {
        return SessionIds.isWellFormed(id);
    }

    /**
     * The session id: the credential the client presents. Never log it whole.
     *
     * @return the id, fixed for the life of this object (a rotation returns another session)
     */
    public String id() {
        return id;
    }

    /**
     * Whether the session is not in Redis yet.
     *
     * @return true until the session has been saved for the first time
     */
    public synchronized boolean isNew() {
        return isNew;
    }

    /**
     * When the session was created.
     *
     * @return the creation instant by Redis's clock; {@code null} while the session is new
     */
    public synchronized Instant createdAt() {
        return isNew ? null : Instant.ofEpochMilli(createdAt);
    }

    /**
     * When the session was last loaded.
     *
     * @return the last access by Redis's clock, as this object last learned it from Redis;
     *     {@code null} while the session is new
     */
    public synchronized Instant lastAccessedAt() {
        return isNew ? null : Instant.ofEpochMilli(lastAccessedAt);
    }

    /**
     * The deadline: the earlier of last access plus the idle timeout and creation plus the
     * absolute timeout. From this instant on the store no longer returns the session.
     * {@code null} while the session is new.
     *
     * @return the deadline as of this object's load or last save, by Redis's clock
     */
    public synchronized Instant expiresAt() {
        return isNew ? null : Instant.ofEpochMilli(expiresAt);
    }

    /**
     * The idle timeout: how long the session lives without being loaded.
     *
     * @return the timeout a save applies, including one set by {@link #setIdleTimeout} and not
     *     yet saved
     */
    public synchronized Duration idleTimeout() {
        return Duration.ofMillis(newIdleTimeoutMs >= 0 ? newIdleTimeoutMs : idleTimeoutMs);
    }

    /**
     * The absolute timeout, counted from creation, that no activity extends.
     *
     * @return the timeout, {@link Duration#ZERO} when the session has none
     */
    public synchronized Duration absoluteTimeout() {
        return Duration.ofMillis(absoluteTimeoutMs);
    }

    /**
     * The signed-in user this session belongs to, set by {@link SessionStore#login}.
     *
     * @return the principal, or {@code null} for an anonymous session
     */
    public synchronized String principal() {
        return principal;
    }

    /**
     * How many times the session has been saved since it was created: what
     * {@link SessionStore#saveIfVersion} compares.
     *
     * @return the version as of this object's load or last save
     */
    public synchronized long version() {
        return version;
    }

    /**
     * Changes this session's idle timeout; the deadline moves accordingly when the session is
     * saved (a shorter timeout can end the session at once).
     *
     * @param idle the new idle timeout; no Redis call until the next save
     * @throws IllegalArgumentException unless 1 ms to {@link SessionStoreBuilder#MAX_DURATION}
     */
    public synchronized void setIdleTimeout(Duration idle) {
        long ms = SessionStoreBuilder.positiveMillis("idle timeout", idle);
        if (isNew) {
            idleTimeoutMs = ms;
        } else {
            newIdleTimeoutMs = ms;
        }
    }

    /**
     * Sets the absolute timeout of a new session ({@link Duration#ZERO}: none). Only before
     * the first save: letting a request extend the absolute lifetime of a live session would
     * defeat its purpose.
     *
     * @param absolute the absolute timeout from creation, {@link Duration#ZERO} for none
     * @throws IllegalArgumentException when negative or longer than {@link SessionStoreBuilder#MAX_DURATION}
     * @throws IllegalStateException when the session has already been saved
     */
    public synchronized void setAbsoluteTimeout(Duration absolute) {
        if (!isNew) {
            throw new IllegalStateException("the absolute timeout can only be set before the session is first saved");
        }
        absoluteTimeoutMs = SessionStoreBuilder.absoluteMillis(absolute);
    }

    /**
     * The attribute's value in the codec's natural type. No Redis call: values were decoded
     * when the session was loaded. A mutable value returned here is saved again if the request
     * changes it in place.
     *
     * @param name the attribute name
     * @return the value, or {@code null} when there is none
     * @throws CodecException when the stored value cannot be decoded by this codec (see
     *     {@link #undecodableAttributeNames()})
     */
    public synchronized Object get(String name) {
        checkDecodable(name);
        Object value = values.get(name);
        noteRead(name, value);
        return value;
    }

    /**
     * The attribute's value as a {@code type}. No Redis call; the typed object is kept, so
     * changes made to it in place are saved.
     *
     * @param <T> the type asked for
     * @param name the attribute name
     * @param type the class to read the value as
     * @return the value, or {@code null} when there is none
     * @throws CodecException when the stored value cannot become a {@code type}
     */
    public synchronized <T> T get(String name, Class<T> type) {
        checkDecodable(name);
        Object value = values.get(name);
        if (value == null || type.isInstance(value)) {
            noteRead(name, value);
            return type.cast(value);
        }
        byte[] bytes = pendingSets.containsKey(name) ? pendingSets.get(name) : stored.get(name);
        T typed;
        try {
            typed = codec.decode(bytes, type);
        } catch (CodecException e) {
            throw new CodecException("attribute '" + name + "' cannot be read as " + type.getName() + ": " + e.getMessage(), e);
        }
        // Keep the typed object, so that changes made to it in place are the ones saved.
        values.put(name, typed);
        noteRead(name, typed);
        return typed;
    }

    /**
     * Values that can change in place after they were read (lists, maps, records and other
     * objects) are remembered; when the session is saved each is encoded again and written if
     * its bytes changed. Immutable values (strings, numbers, booleans, enums, java.time values)
     * are never re-encoded, so a request that reads only those costs nothing extra.
     */
    private void noteRead(String name, Object value) {
        if (value != null && !isImmutable(value)) {
            readMutable.add(name);
        }
    }

    private static boolean isImmutable(Object value) {
        return value instanceof String || value instanceof Number && value.getClass().getName().startsWith("java.")
                || value instanceof Boolean || value instanceof Character || value instanceof Enum<?>
                || value.getClass().getName().startsWith("java.time.");
    }

    /**
     * An attribute stored in a form this codec cannot decode (typically a type alias that only a
     * newer version of the application registers, during a rolling deploy) cannot be read, but
     * costs nothing else: the session is served, the stored bytes stay as they are and a save
     * never writes them back. Reading it fails with this exception; {@link #set} and
     * {@link #remove} still replace or remove it on purpose.
     */
    private void checkDecodable(String name) {
        String why = undecodable.get(name);
        if (why != null) {
            throw new CodecException("attribute '" + name + "' cannot be decoded by this codec (" + why + "); its stored"
                    + " value is kept as it is. If a newer version of the application wrote it, register the same"
                    + " type alias here, or let that version serve the session");
        }
    }

    /**
     * The attributes this session holds but whose stored value the codec cannot decode, such as
     * those of a type alias that only a newer version of the application knows. They are not
     * among {@link #attributeNames()}; {@link #get} throws for them.
     *
     * @return an unmodifiable snapshot of those names
     */
    public synchronized Set<String> undecodableAttributeNames() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(undecodable.keySet()));
    }

    /**
     * The names of the attributes the session holds and can decode.
     *
     * @return an unmodifiable snapshot, in insertion order, that later changes don't touch
     */
    public synchronized Set<String> attributeNames() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(values.keySet()));
    }

    /**
     * Sets an attribute; {@code null} removes it. The value is encoded now, so an unsupported
     * type or an oversized value fails here, naming the attribute, and the session keeps its
     * previous value.
     *
     * @param name the attribute name, not {@code null}
     * @param value the value, or {@code null} to remove the attribute
     * @throws CodecException when the codec cannot store the value's type
     * @throws AttributeTooLargeException when the value or the whole session would be too large
     */
    public synchronized void set(String name, Object value) {
        checkName(name);
        if (value == null) {
            remove(name);
            return;
        }
        byte[] bytes;
        try {
            bytes = codec.encode(value);
        } catch (CodecException e) {
            throw new CodecException("attribute '" + name + "': " + e.getMessage(), e);
        }
        setEncoded(name, value, bytes);
    }

    /** Takes an attribute whose value is already encoded: the size checks, then the pending set. */
    private void setEncoded(String name, Object value, byte[] bytes) {
        if (bytes.length > limits.maxAttributeBytes()) {
            throw new AttributeTooLargeException(name, "attribute '" + name + "' is " + bytes.length
                    + " bytes encoded, over the limit of " + limits.maxAttributeBytes()
                    + " bytes per attribute; store less in the session or raise maxAttributeBytes");
        }
        byte[] previous = pendingSets.containsKey(name) ? pendingSets.get(name) : stored.get(name);
        long total = totalBytes - (previous == null ? 0 : size(name, previous)) + size(name, bytes);
        if (total > limits.maxSessionBytes()) {
            throw new AttributeTooLargeException(name, "setting attribute '" + name + "' would make the session "
                    + total + " bytes encoded, over the limit of " + limits.maxSessionBytes()
                    + " bytes per session; store less in the session or raise maxSessionBytes");
        }
        totalBytes = total;
        undecodable.remove(name);
        values.put(name, value);
        noteRead(name, value);
        pendingSets.put(name, bytes);
        pendingRemovals.remove(name);
    }

    /**
     * Removes an attribute, readable or undecodable, locally; the next save removes it in
     * Redis. A no-op when there is none.
     *
     * @param name the attribute name, not {@code null}
     */
    public synchronized void remove(String name) {
        checkName(name);
        if (!values.containsKey(name) && undecodable.remove(name) == null) {
            return;
        }
        byte[] previous = pendingSets.containsKey(name) ? pendingSets.get(name) : stored.get(name);
        totalBytes -= size(name, previous);
        values.remove(name);
        pendingSets.remove(name);
        if (stored.containsKey(name)) {
            pendingRemovals.add(name);
        }
    }

    /**
     * True when a save would write something: attributes set or removed, values read and then
     * changed in place, a new idle timeout, or a session not yet saved.
     *
     * @return whether {@link SessionStore#save} would make a Redis call; this re-encodes the
     *     mutable values read so far to find out
     */
    public synchronized boolean hasChanges() {
        collectMutations();
        return isNew || !pendingSets.isEmpty() || !pendingRemovals.isEmpty() || newIdleTimeoutMs >= 0;
    }

    /**
     * Turns values changed in place since they were read into pending sets. A value whose new
     * encoding breaks a size limit or cannot be encoded is kept as it was stored, with a
     * warning: this runs at save time, where throwing would lose the request's other changes.
     */
    private void collectMutations() {
        for (String name : List.copyOf(readMutable)) {
            Object value = values.get(name);
            byte[] before = pendingSets.containsKey(name) ? pendingSets.get(name) : stored.get(name);
            if (value == null || before == null) {
                continue;
            }
            byte[] now;
            try {
                now = codec.encode(value);
            } catch (CodecException e) {
                LoggerFactory.getLogger(Session.class).warn("attribute '{}' was changed in place into something the codec"
                        + " cannot store ({}); keeping the stored value", LogText.escape(name),
                        LogText.escape(e.getMessage()));
                continue;
            }
            if (!Arrays.equals(before, now)) {
                try {
                    setEncoded(name, value, now);
                } catch (AttributeTooLargeException e) {
                    LoggerFactory.getLogger(Session.class).warn("{}; keeping the stored value",
                            LogText.escape(e.getMessage()));
                }
            }
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("attribute name must not be null or empty");
        }
    }

    private static long size(String name, byte[] bytes) {
        return name.getBytes(StandardCharsets.UTF_8).length + (long) bytes.length;
    }

    // ---- the store's side: what to write, and what happened

    synchronized boolean isGone() {
        return gone;
    }

    synchronized void markGone() {
        gone = true;
    }

    /** The lock value its saves are fenced with, or "" when it was not loaded under a lock. */
    synchronized String fence() {
        return fence;
    }

    synchronized void fence(String value) {
        fence = value;
    }

    synchronized Map<String, byte[]> pendingSets() {
        return new LinkedHashMap<>(pendingSets);
    }

    synchronized Set<String> pendingRemovals() {
        return new LinkedHashSet<>(pendingRemovals);
    }

    synchronized long pendingIdleTimeoutMs() {
        return newIdleTimeoutMs;
    }

    synchronized long idleTimeoutMs() {
        return idleTimeoutMs;
    }

    synchronized long absoluteTimeoutMs() {
        return absoluteTimeoutMs;
    }

    /**
     * Folds the written changes into the loaded state. Only what was sent is folded: a set made
     * by another thread of the request while the save was in flight stays pending.
     */
    synchronized void saved(Map<String, byte[]> sets, Set<String> removals, long sentIdleMs,
                            long createdAt, long lastAccessedAt, long expiresAt, long version) {
        sets.forEach((name, bytes) -> {
            stored.put(name, bytes);
            if (pendingSets.get(name) == bytes) {
                pendingSets.remove(name);
            }
        });
        for (String name : removals) {
            stored.remove(name);
            if (!values.containsKey(name)) {
                pendingRemovals.remove(name);
            }
        }
        if (sentIdleMs >= 0) {
            idleTimeoutMs = sentIdleMs;
            if (newIdleTimeoutMs == sentIdleMs) {
                newIdleTimeoutMs = -1;
            }
        }
        if (isNew) {
            isNew = false;
            this.createdAt = createdAt;
            this.lastAccessedAt = lastAccessedAt;
        }
        this.expiresAt = expiresAt;
        this.version = version;
    }
}
