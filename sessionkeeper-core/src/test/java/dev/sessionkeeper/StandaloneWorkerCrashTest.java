package dev.sessionkeeper;

import dev.sessionkeeper.testkit.RedisExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class StandaloneWorkerCrashTest extends WorkerCrashContract {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standalone();

    @Override
    RedisExtension redis() {
        return REDIS;
    }

    @Override
    int sessions() {
        return 100_000;
    }
}
