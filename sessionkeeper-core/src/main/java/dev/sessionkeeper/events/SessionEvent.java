package dev.sessionkeeper.events;

import dev.sessionkeeper.internal.SessionIds;
import java.time.Instant;
import java.util.Map;

/**
 * Something that happened to a session, read from the durable event log.
 *
 * <p>Each session id gets exactly one terminal event ({@link Type#EXPIRED},
 * {@link Type#DESTROYED} or {@link Type#ROTATED}) in the log. Delivery to a consumer group is
 * at least once, so a handler may see an event again (after a crash, or when it ran past the
 * visibility timeout); {@link #eventId()} is stable across deliveries, to deduplicate on.
 *
 * @param eventId stable, unique id of this event: the shard and the stream entry id
 * @param type what happened
 * @param sessionId the session's id
 * @param principal the signed-in user the session belonged to, or {@code null}
 * @param deadline the session's deadline when the event was written (for {@code expired}:
 *     the deadline that passed), or {@code null} when unknown
 * @param writtenAt when the event was written, by Redis's clock
 * @param reason why a session was destroyed ({@code logout}, {@code logout-everywhere},
 *     {@code evicted-by-limit}, {@code admin}, or {@code corrupt} for data that was moved to
 *     quarantine); {@code null} for other types
 * @param successorId for {@code rotated}: the id that carries the session on; else {@code null}
 * @param predecessorId for {@code created}: the id this session was rotated from (a sign-in or
 *     a {@code changeSessionId}), whose {@code rotated} event reports the same move; {@code null}
 *     for a session that is new. A session counter counts a {@code created} event only when
 *     this is {@code null}.
 * @param snapshot the configured attributes as they were when the session ended (empty when
 *     none are configured or the session had none of them), at most 1,000 attributes and
 *     256 KiB of names and values
 * @param snapshotOmitted how many of the configured attributes did not fit in the snapshot's
 *     bound and were left out (0: the snapshot is complete)
 * @param snapshotLost true when Redis had already dropped the session's data (no worker ran
 *     for longer than the expiry grace), so no snapshot could be taken
 * @param deliveryCount how many times this event has been delivered to this consumer group,
 *     this delivery included (always 1 for broadcast subscriptions)
 */
public record SessionEvent(String eventId, Type type, String sessionId, String principal, Instant deadline,
                           Instant writtenAt, String reason, String successorId, String predecessorId,
                           Map<String, Object> snapshot, int snapshotOmitted, boolean snapshotLost,
                           int deliveryCount) {

    /** The kinds of events. */
    public enum Type {
        /** A session was written for the first time (a new session or a rotation's successor). */
        CREATED("created"),
        /** A session passed its deadline and was ended, by a worker or by the request that met it. */
        EXPIRED("expired"),
        /** A session was ended before its deadline; {@link SessionEvent#reason()} says why. */
        DESTROYED("destroyed"),
        /** A session moved to a new id; {@link SessionEvent#successorId()} names it. */
        ROTATED("rotated");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        /**
         * The name stored in Redis, e.g. {@code expired}: part of the wire format.
         *
         * @return the wire name
         */
        public String wireName() {
            return wireName;
        }

        /**
         * Whether events of this type end a session; each session id gets exactly one.
         *
         * @return true for {@code expired}, {@code destroyed} and {@code rotated}
         */
        public boolean isTerminal() {
            return this != CREATED;
        }

        /**
         * The type stored in Redis under {@code wireName}.
         *
         * @param wireName the name in the event's {@code type} field, e.g. {@code expired}
         * @return the type of that name
         * @throws IllegalArgumentException for a name no type has
         */
        public static Type of(String wireName) {
            for (Type t : values()) {
                if (t.wireName.equals(wireName)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown event type '" + wireName + "'");
        }
    }

    /**
     * Whether the snapshot is partial.
     *
     * @return true when the snapshot left out attributes because of its bound
     *     ({@link #snapshotOmitted()})
     */
    public boolean snapshotTruncated() {
        return snapshotOmitted > 0;
    }

    /**
     * The lateness of an expiry: from the deadline to the event, by Redis's clock.
     *
     * @return milliseconds from {@link #deadline()} to {@link #writtenAt()}; 0 when the
     *     deadline is unknown
     */
    public long latenessMillis() {
        return deadline == null ? 0 : writtenAt.toEpochMilli() - deadline.toEpochMilli();
    }

    @Override
    public String toString() {
        return "SessionEvent[" + eventId + " " + type.wireName() + " " + SessionIds.redact(sessionId)
                + (principal != null ? " principal=" + principal : "") + (reason != null ? " reason=" + reason : "")
                + (successorId != null ? " successor=" + SessionIds.redact(successorId) : "")
                + (predecessorId != null ? " predecessor=" + SessionIds.redact(predecessorId) : "")
                + " delivery=" + deliveryCount + "]";
    }
}
