package dev.sessionkeeper.events;

import dev.sessionkeeper.inspect.SessionInspector;

/**
 * A consumer group on one shard's event stream.
 *
 * @param name the group
 * @param consumers instances that have read from it
 * @param pending events delivered and not yet acknowledged
 * @param lastDeliveredId the stream entry id delivered last
 * @param lag events written and not yet delivered to the group
 * @param lagCapped true when the lag is more than {@link SessionInspector#SCAN_CAP}: then
 *     {@code lag} is the cap
 * @param lost events the group was never delivered because the stream's hard bound trimmed
 *     them; -1 when that cannot be told (Redis 6.2, for a group behind the oldest entry)
 * @param retention the most events the stream keeps for a group that is behind: the hard
 *     bound, {@code 10 x eventsMaxLength} of the inspecting store. Retention never trims an
 *     event a group has not been delivered until the lag reaches this.
 */
public record GroupStatus(String name, long consumers, long pending, String lastDeliveredId, long lag,
                          boolean lagCapped, long lost, long retention) {

    /**
     * Whether the group is close to losing events to the stream's hard bound.
     *
     * @return true when the lag has reached 80 % of the retention
     */
    public boolean nearRetention() {
        return lag * 5 >= retention * 4;
    }
}
