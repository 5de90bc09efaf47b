package dev.sessionkeeper.nodeit;

import dev.sessionkeeper.testkit.RedisExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class StandaloneCrossLanguageTest extends CrossLanguageContract {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standalone();

    @Override
    RedisExtension redis() {
        return REDIS;
    }
}
