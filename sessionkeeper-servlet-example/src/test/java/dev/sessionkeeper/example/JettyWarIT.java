package dev.sessionkeeper.example;

import dev.sessionkeeper.testkit.RedisServer;

import java.util.Map;

/** The example WAR in Jetty 12, Redis named by a context-param. */
class JettyWarIT extends WarContract {

    @Override
    Deployment start(RedisServer redis) throws Exception {
        return new EmbeddedJetty(WAR, Map.of("sessionkeeper.redis", redis.uri(), "sessionkeeper.namespace", "example"));
    }
}
