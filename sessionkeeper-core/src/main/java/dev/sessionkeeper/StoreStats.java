package dev.sessionkeeper;

/**
 * Counters of what a store turned away since it was built. Both count events that are
 * handled quietly on the request path (the request gets a fresh session) but deserve an
 * operator's attention when they climb.
 *
 * @param malformedIds ids refused by the format check before any Redis call
 * @param corruptSessions sessions found corrupt in Redis and moved to quarantine
 */
public record StoreStats(long malformedIds, long corruptSessions) {
}
