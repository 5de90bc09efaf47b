package dev.sessionkeeper.example;

import dev.sessionkeeper.testkit.RedisServer;

import java.nio.file.Path;
import java.util.Map;

/** The example WAR in the Tomcat 11 distribution, started with catalina.sh, Redis named by the environment. */
class TomcatWarIT extends WarContract {

    @Override
    Deployment start(RedisServer redis) throws Exception {
        return new StandaloneTomcat(Path.of(System.getProperty("tomcat.home")), WAR,
                Map.of("SESSIONKEEPER_REDIS", redis.uri(), "SESSIONKEEPER_NAMESPACE", "example"));
    }
}
