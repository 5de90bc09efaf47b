package dev.sessionkeeper;

import java.util.List;
import java.util.Optional;

/**
 * Read-only views of a store for operators: what {@code sessionkeeper stats}, {@code doctor} and
 * {@code sessions show} print. Nothing here changes a session or slides a deadline, and nothing
 * is on an application's request path: these calls read more than a request should (whole
 * stream ranges, server INFO), bounded so that they stay cheap.
 *
 * <pre>{@code
 * SessionInspector inspector = store.inspector();
 * for (ShardStatus s : inspector.shards()) { ... }
 * }</pre>
 */
public interface SessionInspector {

    /**
     * Most stream entries read per shard to count recent events or a consumer group's lag;
     * beyond it the figure is reported as capped ("10,000+").
     */
    int SCAN_CAP = 10_000;

    /**
     * Every shard's figures, one read-only script per shard, pipelined: each shard's figures
     * are exact at that script's instant.
     *
     * @return one status per shard, in shard order
     * @throws dev.sessionkeeper.RedisUnavailableException when a shard's server cannot be
     *     reached
     */
    List<ShardStatus> shards();

    /**
     * The expiry workers that sent a heartbeat within the last day, most recently seen first,
     * including stopped and silent ones (see {@link WorkerHeartbeat#isLive()}). Reads the
     * heartbeat registry and one hash per worker.
     *
     * @return the workers' last heartbeats
     */
    List<WorkerHeartbeat> workers();

    /**
     * A session as it is stored, without sliding its deadline (unlike {@link SessionStore#find}):
     * empty when the id is malformed or the session is not in Redis. A session past its deadline
     * that no worker has removed yet is returned, with {@link SessionDescription#isLive()} false.
     * One read-only Redis call (none for a malformed id).
     *
     * @param id the session id
     * @return the stored session, or empty
     */
    Optional<SessionDescription> describe(String id);

    /**
     * Facts about each Redis server the store writes to (each master of a cluster), for health
     * checks. Never fails for a fact that cannot be read (e.g. CONFIG forbidden by an ACL): that
     * fact is reported as unknown, with the reason.
     *
     * @return one entry per master
     */
    List<ServerFacts> servers();
}
