package dev.sessionkeeper.inspect;

import java.time.Duration;
import java.time.Instant;

/**
 * What an expiry worker last said about itself (it writes a heartbeat every few seconds).
 *
 * @param id the worker's id, unique per start: {@code <host>-<pid>-<random>}
 * @param host the host it runs on
 * @param pid its process id
 * @param shards the shards it drains, e.g. {@code 0-15}
 * @param started its first heartbeat, by Redis's clock
 * @param lastSeen its last heartbeat, by Redis's clock
 * @param silentFor from its last heartbeat to now, by Redis's clock
 * @param interval how often it promised to write a heartbeat
 * @param stopped true when it stopped cleanly (its last heartbeat said so)
 * @param expired sessions it had expired by its last heartbeat
 * @param backlog due sessions not yet expired over its shards, as it last saw them
 * @param latenessP99Millis 99th percentile of its recent expiries' lateness
 */
public record WorkerHeartbeat(String id, String host, long pid, String shards, Instant started, Instant lastSeen,
                              Duration silentFor, Duration interval, boolean stopped, long expired, long backlog,
                              long latenessP99Millis) {

    /**
     * Whether the worker is running, as far as anyone can tell.
     *
     * @return true when it has not stopped and was heard from within three intervals
     */
    public boolean isLive() {
        return !stopped && silentFor.compareTo(interval.multipliedBy(3)) <= 0;
    }
}
