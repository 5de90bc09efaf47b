package dev.sessionkeeper.inspect;

/**
 * What a store's Redis is: the product and version of the server it writes to (the first master
 * of a cluster), and whether it is a Redis Cluster.
 *
 * @param product {@code "Redis"} or {@code "Valkey"}
 * @param version e.g. {@code "7.2.4"}, or {@code "unknown"} when INFO could not be read (e.g.
 *     forbidden by an ACL)
 * @param cluster true when the store runs on a Redis Cluster, or its server reports
 *     {@code cluster_enabled}
 */
public record ServerIdentity(String product, String version, boolean cluster) {
}
