/**
 * The operator's read-only view of a store: {@link dev.sessionkeeper.inspect.SessionInspector}
 * and the records it returns (per-shard figures, worker heartbeats, a stored session, server
 * facts, the server's product and version).
 *
 * <p>Nothing here changes a session or slides a deadline, and nothing is meant for a request path.
 * Public API.
 */
package dev.sessionkeeper.inspect;
