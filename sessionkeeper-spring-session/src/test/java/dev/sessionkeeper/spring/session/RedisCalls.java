package dev.sessionkeeper.spring.session;

import dev.sessionkeeper.testkit.ScriptCalls;

import java.util.List;

/**
 * Counts the calls the store made to Redis, from Redis's own statistics on every node. Every
 * store operation is a script, so script calls (less those Redis refused, such as a NOSCRIPT
 * answered by EVAL) are the round trips.
 */
final class RedisCalls {

    private final List<String> nodeUris;

    RedisCalls(List<String> nodeUris) {
        this.nodeUris = nodeUris;
    }

    long scriptCalls() {
        return ScriptCalls.count(nodeUris);
    }
}
