package dev.sessionkeeper;

import dev.sessionkeeper.testkit.RedisExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class StandaloneBadValuesTest extends BadValuesContract {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standalone();

    @Override
    RedisExtension redis() {
        return REDIS;
    }
}
