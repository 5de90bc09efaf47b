package dev.sessionkeeper.expiry;

/**
 * A worker's figures.
 *
 * @param expired sessions this worker expired since it started
 * @param batches expiry scripts it ran
 * @param backlog sessions past their deadline and not yet expired, over its shards, when it
 *     last looked (by Redis's clock)
 * @param latenessP50Millis median time from deadline to event over recent expirations
 * @param latenessP99Millis 99th percentile of the same
 * @param latenessMaxMillis the largest of the same
 * @param failures steps that failed (Redis unreachable or slow); the worker retries
 */
public record WorkerStats(long expired, long batches, long backlog, long latenessP50Millis, long latenessP99Millis,
                          long latenessMaxMillis, long failures) {
}
