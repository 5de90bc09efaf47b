package dev.sessionkeeper;

import dev.sessionkeeper.testkit.RedisExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class ClusterRetentionTest extends RetentionContract {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.cluster();

    @Override
    RedisExtension redis() {
        return REDIS;
    }
}
