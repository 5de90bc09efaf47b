package dev.sessionkeeper.inspect;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A session as stored, read for an operator by {@link SessionInspector#describe}.
 *
 * @param id the session id (a credential: show it redacted)
 * @param shard the shard it lives in
 * @param principal the signed-in user, or {@code null}
 * @param createdAt when it was created
 * @param lastAccessedAt when it was last loaded or saved
 * @param deadline when it ends, unless used before
 * @param idleTimeout its idle timeout
 * @param absoluteTimeout its absolute timeout, {@link Duration#ZERO} for none
 * @param version how many times it was saved
 * @param readAt when it was read, by Redis's clock (compare the deadline with this, not with
 *     the local clock)
 * @param attributes its attributes, decoded
 * @param undecodable attributes the codec could not decode, as their stored text
 */
public record SessionDescription(String id, int shard, String principal, Instant createdAt, Instant lastAccessedAt,
                                 Instant deadline, Duration idleTimeout, Duration absoluteTimeout, long version,
                                 Instant readAt, Map<String, Object> attributes, Map<String, String> undecodable) {

    /**
     * Whether the session was live when it was read.
     *
     * @return true when the deadline is still ahead at {@link #readAt()}
     */
    public boolean isLive() {
        return readAt.isBefore(deadline);
    }

    /**
     * How long the session had left when it was read, unless used since.
     *
     * @return from {@link #readAt()} to the deadline; negative when it has passed
     */
    public Duration timeLeft() {
        return Duration.between(readAt, deadline);
    }
}
