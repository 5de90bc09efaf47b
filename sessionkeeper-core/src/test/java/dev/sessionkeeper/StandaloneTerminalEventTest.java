package dev.sessionkeeper;

import dev.sessionkeeper.testkit.RedisExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class StandaloneTerminalEventTest extends TerminalEventContract {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standalone();

    @Override
    RedisExtension redis() {
        return REDIS;
    }
}
