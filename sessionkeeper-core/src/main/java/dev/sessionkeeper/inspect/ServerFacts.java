package dev.sessionkeeper.inspect;

import java.util.Map;

/**
 * Facts about one Redis server, for health checks ({@code sessionkeeper doctor}). What could not
 * be read is {@code null}, with the reason in the matching {@code ...Error}.
 *
 * @param node the server's address, {@code host:port}
 * @param info the fields of its INFO (all default sections), e.g. {@code redis_version},
 *     {@code aof_enabled}, {@code rdb_last_save_time}
 * @param config the CONFIG GET values sessionkeeper cares about ({@code maxmemory-policy},
 *     {@code appendonly}, {@code save}), or {@code null} when CONFIG is not allowed
 * @param configError why config is {@code null}
 * @param user the ACL user of the store's connection ({@code ACL WHOAMI}), or {@code null}
 * @param openWithoutPassword true when the server accepts clients that give no password (its
 *     {@code default} user is on with {@code nopass}), false when it does not, {@code null}
 *     when that cannot be told (ACL GETUSER not allowed)
 * @param clusterInfo the fields of CLUSTER INFO on a cluster node, else {@code null}
 * @param clockSkewMillis Redis's TIME minus this host's clock at the middle of the round trip
 * @param roundTripMillis the duration of the TIME round trip
 * @param scriptLoadError why SCRIPT LOAD failed, or {@code null} when it worked
 * @param functionLoadError why FUNCTION LOAD of sessionkeeper's function library failed (on Redis
 *     before 7, which has no functions, an unknown command), or {@code null} when the library is
 *     loaded; where it fails, the store runs its scripts by EVALSHA, at a higher cost to Redis
 */
public record ServerFacts(String node, Map<String, String> info, Map<String, String> config, String configError,
                          String user, Boolean openWithoutPassword, Map<String, String> clusterInfo,
                          long clockSkewMillis, long roundTripMillis, String scriptLoadError,
                          String functionLoadError) {
}
