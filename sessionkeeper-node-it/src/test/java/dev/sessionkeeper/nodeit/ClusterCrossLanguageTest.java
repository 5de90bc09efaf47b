package dev.sessionkeeper.nodeit;

import dev.sessionkeeper.testkit.RedisExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class ClusterCrossLanguageTest extends CrossLanguageContract {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.cluster();

    @Override
    RedisExtension redis() {
        return REDIS;
    }
}
