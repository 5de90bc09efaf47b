package dev.sessionkeeper.inspect;

import dev.sessionkeeper.SessionStore;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

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

    /** The most principals one {@link #principals(String, int)} page returns. */
    int PRINCIPALS_PAGE_MAX = 1000;

    /**
     * A page of the distinct principals that have a live (signed-in) session, read from each
     * shard's principal index without touching a session. Pass {@code null} for the first page,
     * then each page's {@link PrincipalPage#cursor()}.
     *
     * <p>Cost: one read-only script call per shard visited, each reading at most 1,000 index
     * entries with one ZSCORE per entry (a principal's first live entry lists it, and the read
     * skips the rest of its entries), so a call is bounded however many sessions a principal
     * has; a whole walk reads about one entry per principal, more where sessions past their
     * deadline wait for the worker. Each shard's part is exact at its own instant; a walk that
     * spans several pages is not one snapshot: a principal that signs in or out meanwhile may or
     * may not be listed, and none is listed twice.
     *
     * @param cursor {@code null} for the first page, else the cursor of the page before
     * @param limit at most this many principals (1 to {@link #PRINCIPALS_PAGE_MAX})
     * @return the page, with the cursor of the next one
     * @throws IllegalArgumentException for a cursor that no page gave, or a limit out of range
     */
    PrincipalPage principals(String cursor, int limit);

    /**
     * Every principal that has a live session, as {@link #principals(String, int)} pages them,
     * read lazily a page of 100 at a time as the stream is consumed.
     *
     * @return a sequential stream, each principal once; a Redis failure surfaces while it is
     *     consumed
     */
    default Stream<String> principals() {
        Iterator<String> all = new Iterator<>() {
            private Iterator<String> page = List.<String>of().iterator();
            private String cursor;
            private boolean done;

            @Override
            public boolean hasNext() {
                while (!page.hasNext() && !done) {
                    PrincipalPage next = principals(cursor, 100);
                    page = next.principals().iterator();
                    cursor = next.cursor();
                    done = next.isLast();
                }
                return page.hasNext();
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(all,
                Spliterator.ORDERED | Spliterator.DISTINCT | Spliterator.NONNULL), false);
    }

    /**
     * The product and version of the Redis the store writes to, and whether it is a cluster: one
     * INFO call on one server, for a tool's banner. Never fails: what cannot be read is reported
     * as unknown.
     *
     * @return the server's product, version and mode
     */
    ServerIdentity server();
}
