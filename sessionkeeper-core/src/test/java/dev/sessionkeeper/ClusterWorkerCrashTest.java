package dev.sessionkeeper;

import dev.sessionkeeper.testkit.RedisExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class ClusterWorkerCrashTest extends WorkerCrashContract {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.cluster();

    @Override
    RedisExtension redis() {
        return REDIS;
    }

    @Override
    int sessions() {
        return 30_000;
    }
}
