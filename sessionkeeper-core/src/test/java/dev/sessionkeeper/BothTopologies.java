package dev.sessionkeeper;

import dev.sessionkeeper.testkit.RedisCluster;
import dev.sessionkeeper.testkit.RedisServer;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A standalone Redis and a three-master cluster for a jqwik property class (jqwik runs no
 * JUnit extensions), started once for the class and stopped after it.
 */
abstract class BothTopologies {

    static RedisServer standalone;
    static RedisCluster cluster;

    @BeforeContainer
    static void startRedis() {
        standalone = RedisServer.builder().build().start();
        cluster = RedisCluster.builder().masters(3).build().start();
    }

    @AfterContainer
    static void stopRedis() {
        if (standalone != null) {
            standalone.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }
}
