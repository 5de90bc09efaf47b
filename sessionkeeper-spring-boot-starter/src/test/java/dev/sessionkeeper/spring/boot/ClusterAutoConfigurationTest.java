package dev.sessionkeeper.spring.boot;

import dev.sessionkeeper.testkit.RedisExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.stream.Collectors;

class ClusterAutoConfigurationTest extends AutoConfigurationContract {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.cluster();

    @Override
    RedisExtension redis() {
        return REDIS;
    }

    /** Boot's cluster nodes, as an application on Redis Cluster configures them. */
    @Override
    String[] redisProperties() {
        String nodes = REDIS.nodeUris().stream().map(u -> u.substring("redis://".length()))
                .collect(Collectors.joining(","));
        return new String[] {"spring.data.redis.cluster.nodes=" + nodes};
    }
}
