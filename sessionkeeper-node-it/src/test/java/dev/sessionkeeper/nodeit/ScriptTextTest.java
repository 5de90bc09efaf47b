package dev.sessionkeeper.nodeit;

import dev.sessionkeeper.internal.LuaScript;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Node package runs the scripts core ships, expanded the same way: for every script it
 * uses, its SHA-1 (which is what EVALSHA sends) equals the one Java's {@link LuaScript}
 * computes. Fails when either side would run different script text, e.g. when the include
 * resolution of one drifts, or the Node package carried a copy of its own.
 */
class ScriptTextTest {

    @Test
    void nodeRunsExactlyTheScriptTextJavaRuns() throws Exception {
        try (NodePeer node = NodePeer.start("redis://127.0.0.1:1", "unused", 16)) {
            Map<String, Object> shas = node.scripts();
            assertThat(shas).containsKeys("create", "find", "save", "destroy", "rotate_out", "rotate_in",
                    "sessions_of", "logout_all", "deadletter", "count", "describe");
            shas.forEach((name, sha) ->
                    assertThat(sha).as("SHA-1 of %s.lua as Node expands it", name).isEqualTo(LuaScript.load(name).sha()));
        }
    }
}
