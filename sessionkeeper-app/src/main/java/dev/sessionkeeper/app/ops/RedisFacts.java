package dev.sessionkeeper.app.ops;

import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.inspect.ServerIdentity;

/**
 * What the demo, the tour and the worker say about the Redis they use: product and version, and whether it is
 * a cluster, as the store's inspector reads them on the store's own connection.
 *
 * @param product "Redis" or "Valkey"
 * @param version e.g. "7.2.4", or "unknown" when INFO could not be read (e.g. forbidden by an ACL)
 * @param cluster true for a Redis Cluster, whether the URL says so or the node reports it
 */
public record RedisFacts(String product, String version, boolean cluster) {

    /** "standalone" or "cluster". */
    public String mode() {
        return cluster ? "cluster" : "standalone";
    }

    public String describe() {
        return product + ("unknown".equals(version) ? "" : " " + version);
    }

    /** Never fails: what cannot be read is reported as unknown. */
    public static RedisFacts of(SessionStore store) {
        ServerIdentity server = store.inspector().server();
        return new RedisFacts(server.product(), server.version(), server.cluster());
    }
}
