package dev.sessionkeeper;

/**
 * Counters of what a store turned away or did in part since it was built. Each counts events
 * that are handled quietly on the request path but deserve an operator's attention when they
 * climb.
 *
 * @param malformedIds ids refused by the format check before any Redis call
 * @param corruptSessions sessions found corrupt in Redis and moved to quarantine
 * @param unslidReads sessions read while Redis was out of memory (maxmemory with noeviction):
 *     served, but their idle deadline did not move
 */
public record StoreStats(long malformedIds, long corruptSessions, long unslidReads) {
}
