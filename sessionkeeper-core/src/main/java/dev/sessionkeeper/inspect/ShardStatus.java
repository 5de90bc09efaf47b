package dev.sessionkeeper.inspect;

import dev.sessionkeeper.events.GroupStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One shard's figures at one instant of Redis's clock, as {@link SessionInspector#shards()}
 * reads them.
 *
 * @param shard the shard number
 * @param at when they were read, by Redis's clock
 * @param liveSessions sessions whose deadline is ahead
 * @param dueBacklog sessions whose deadline has passed and that no worker has expired yet
 * @param oldestOverdue the earliest deadline among those, or {@code null} when there are none
 * @param events entries in the shard's event stream
 * @param deadLetters entries in the shard's dead-letter stream
 * @param recentEvents events written in the last minute, by type ({@code created}, {@code expired}, ...)
 * @param recentEventsCapped true when more than {@link SessionInspector#SCAN_CAP} were written
 *     in that minute: the counts cover the first of them only
 * @param groups the consumer groups reading the shard's stream
 */
public record ShardStatus(int shard, Instant at, long liveSessions, long dueBacklog, Instant oldestOverdue,
                          long events, long deadLetters, Map<String, Long> recentEvents, boolean recentEventsCapped,
                          List<GroupStatus> groups) {
}
