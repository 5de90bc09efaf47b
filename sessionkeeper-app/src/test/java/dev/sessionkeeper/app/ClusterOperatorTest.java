package dev.sessionkeeper.app;

import dev.sessionkeeper.testkit.RedisExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The operator commands on a three-master Redis Cluster. */
class ClusterOperatorTest extends OperatorContract {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.cluster();

    @Override
    RedisExtension redis() {
        return REDIS;
    }
}
