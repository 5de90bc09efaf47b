package dev.sessionkeeper;

import dev.sessionkeeper.codec.CodecException;
import dev.sessionkeeper.internal.SessionIds;
import dev.sessionkeeper.internal.SessionState;

import java.time.Duration;
import java.time.Instant;
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

    private final SessionState state;

    Session(SessionState state) {
        this.state = state;
    }

    /** The change record this session is the view of: what the store reads and writes. */
    SessionState state() {
        return state;
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
     * A form of an id that is safe to log or print, the one the store's own log lines use: its
     * shard and a short prefix followed by {@code "..."}, enough to tell sessions apart, too
     * little to use as the bearer credential an id is. Pure and cheap: no Redis call.
     *
     * @param id an id, possibly malformed or {@code null}
     * @return the redacted form ({@code "<malformed>"} for a malformed id), never {@code null}
     */
    public static String redactId(String id) {
        return SessionIds.redact(id);
    }

    /**
     * The session id: the credential the client presents. Never log it whole.
     *
     * @return the id, fixed for the life of this object (a rotation returns another session)
     */
    public String id() {
        return state.id();
    }

    /**
     * Whether the session is not in Redis yet.
     *
     * @return true until the session has been saved for the first time
     */
    public boolean isNew() {
        return state.isNew();
    }

    /**
     * When the session was created.
     *
     * @return the creation instant by Redis's clock; {@code null} while the session is new
     */
    public Instant createdAt() {
        return state.createdAt();
    }

    /**
     * When the session was last loaded.
     *
     * @return the last access by Redis's clock, as this object last learned it from Redis;
     *     {@code null} while the session is new
     */
    public Instant lastAccessedAt() {
        return state.lastAccessedAt();
    }

    /**
     * The deadline: the earlier of last access plus the idle timeout and creation plus the
     * absolute timeout. From this instant on the store no longer returns the session.
     * {@code null} while the session is new.
     *
     * @return the deadline as of this object's load or last save, by Redis's clock
     */
    public Instant expiresAt() {
        return state.expiresAt();
    }

    /**
     * The idle timeout: how long the session lives without being loaded.
     *
     * @return the timeout a save applies, including one set by {@link #setIdleTimeout} and not
     *     yet saved
     */
    public Duration idleTimeout() {
        return state.idleTimeout();
    }

    /**
     * The absolute timeout, counted from creation, that no activity extends.
     *
     * @return the timeout, {@link Duration#ZERO} when the session has none
     */
    public Duration absoluteTimeout() {
        return state.absoluteTimeout();
    }

    /**
     * The signed-in user this session belongs to, set by {@link SessionStore#login}.
     *
     * @return the principal, or {@code null} for an anonymous session
     */
    public String principal() {
        return state.principal();
    }

    /**
     * How many times the session has been saved since it was created: what
     * {@link SessionStore#saveIfVersion} compares.
     *
     * @return the version as of this object's load or last save
     */
    public long version() {
        return state.version();
    }

    /**
     * Changes this session's idle timeout; the deadline moves accordingly when the session is
     * saved (a shorter timeout can end the session at once).
     *
     * @param idle the new idle timeout; no Redis call until the next save
     * @throws IllegalArgumentException unless 1 ms to {@link SessionStoreBuilder#MAX_DURATION}
     */
    public void setIdleTimeout(Duration idle) {
        state.setIdleTimeout(idle);
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
    public void setAbsoluteTimeout(Duration absolute) {
        state.setAbsoluteTimeout(absolute);
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
    public Object get(String name) {
        return state.get(name);
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
    public <T> T get(String name, Class<T> type) {
        return state.get(name, type);
    }

    /**
     * The attributes this session holds but whose stored value the codec cannot decode, such as
     * those of a type alias that only a newer version of the application knows. They are not
     * among {@link #attributeNames()}; {@link #get} throws for them.
     *
     * @return an unmodifiable snapshot of those names
     */
    public Set<String> undecodableAttributeNames() {
        return state.undecodableAttributeNames();
    }

    /**
     * The names of the attributes the session holds and can decode.
     *
     * @return an unmodifiable snapshot, in insertion order, that later changes don't touch
     */
    public Set<String> attributeNames() {
        return state.attributeNames();
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
    public void set(String name, Object value) {
        state.set(name, value);
    }

    /**
     * Removes an attribute, readable or undecodable, locally; the next save removes it in
     * Redis. A no-op when there is none.
     *
     * @param name the attribute name, not {@code null}
     */
    public void remove(String name) {
        state.remove(name);
    }

    /**
     * True when a save would write something: attributes set or removed, values read and then
     * changed in place, a new idle timeout, or a session not yet saved.
     *
     * @return whether {@link SessionStore#save} would make a Redis call; this re-encodes the
     *     mutable values read so far to find out
     */
    public boolean hasChanges() {
        return state.hasChanges();
    }
}
