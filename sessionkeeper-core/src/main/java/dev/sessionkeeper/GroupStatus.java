package dev.sessionkeeper;

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
 */
public record GroupStatus(String name, long consumers, long pending, String lastDeliveredId, long lag,
                          boolean lagCapped) {
}
