package dev.sessionkeeper;

import java.time.Instant;
import java.util.Map;

/**
 * One of a principal's live sessions, as {@link SessionStore#sessionsOf} lists it: what a
 * "your devices" page shows.
 *
 * @param id the session id (a credential: show a prefix, never the whole id, to the user)
 * @param createdAt when the session was created (for a signed-in session carried over from
 *     an anonymous one, when that was created)
 * @param lastAccessedAt when it was last loaded
 * @param expiresAt its deadline
 * @param attributes the attributes asked for (e.g. a user agent), decoded
 */
public record SessionInfo(String id, Instant createdAt, Instant lastAccessedAt, Instant expiresAt,
                          Map<String, Object> attributes) {
}
