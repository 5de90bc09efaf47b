/**
 * The durable event log of a store: {@link dev.sessionkeeper.events.SessionEvents}, the
 * {@link dev.sessionkeeper.events.SessionEvent}s it holds, consumer group and broadcast
 * {@link dev.sessionkeeper.events.Subscription}s with their settings and handlers, and the
 * {@link dev.sessionkeeper.events.GroupStatus} operators read.
 *
 * <p>Each session gets exactly one terminal event; delivery to a consumer group is at least once,
 * with a stable event id to deduplicate on. Public API.
 */
package dev.sessionkeeper.events;
