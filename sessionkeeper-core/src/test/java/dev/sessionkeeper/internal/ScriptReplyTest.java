package dev.sessionkeeper.internal;

import dev.sessionkeeper.SessionKeeperException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The typed reply parsers: each reads its script's contract, and any other shape fails naming the script. */
class ScriptReplyTest {

    @Test
    void codesAreTranslatedByName() {
        assertThat(RedisSessionStore.SaveReply.parse(List.of(-2L, 7L)))
                .isEqualTo(new RedisSessionStore.SaveReply(ScriptCode.CONFLICT, 7, 0));
        assertThat(RedisSessionStore.SaveReply.parse(List.of(-3L)).code()).isEqualTo(ScriptCode.LOCK_LOST);
        assertThat(RedisSessionStore.FindReply.parse(List.of(-1L)).code()).isEqualTo(ScriptCode.CORRUPT);
        assertThat(RedisSessionStore.CreateReply.parse(List.of(-5L)).taken()).isTrue();
        assertThat(RedisSessionStore.CreateReply.parse(List.of(1L, 10L, 20L)))
                .isEqualTo(new RedisSessionStore.CreateReply(false, 10, 20));
        assertThat(SessionLocks.LockReply.parse(List.of(-4L, 250L)))
                .isEqualTo(new SessionLocks.LockReply(ScriptCode.HELD, null, 250));
        assertThat(SessionLocks.LockReply.parse(List.of(1L, "o:3".getBytes())).value()).isEqualTo("o:3");
    }

    @Test
    void aCorruptFindCarriesTheScriptsReason() {
        assertThat(RedisSessionStore.FindReply.parse(List.of(-1L, "metadata field @m is missing".getBytes())).why())
                .isEqualTo("metadata field @m is missing");
    }

    @Test
    void aCodeTheScriptDoesNotReturnFailsNamingTheScript() {
        // -4 (HELD) is lock.lua's; a save that returned it would be a script and client out of step.
        assertThatThrownBy(() -> RedisSessionStore.SaveReply.parse(List.of(-4L)))
                .isInstanceOf(SessionKeeperException.class)
                .hasMessageStartingWith("unexpected reply from save.lua (code HELD is not one this script returns): [-4]");
        assertThatThrownBy(() -> ScriptCode.of("find", List.of(42L)))
                .isInstanceOf(SessionKeeperException.class)
                .hasMessageStartingWith("unexpected reply from find.lua (no status code): [42]");
    }

    @Test
    void aReplyOfTheWrongShapeFailsWithoutShowingItsStrings() {
        assertThatThrownBy(() -> RedisSessionStore.FindReply.parse(List.of(1L, 5L)))
                .isInstanceOf(SessionKeeperException.class)
                .hasMessageStartingWith("unexpected reply from find.lua (expected an array of at least 4 elements): [1, 5]");
        assertThatThrownBy(() -> SessionLocks.LockReply.parse(List.of(1L, 5L)))
                .hasMessageStartingWith("unexpected reply from lock.lua (element 2 is not a string)");
        assertThatThrownBy(() -> RedisExpiryWorker.DueReply.parse(List.of(1L, -1L, 1L, 9L)))
                .hasMessageStartingWith("unexpected reply from due.lua (element 4 is not a string)");
        assertThatThrownBy(() -> RedisSessionInspector.parseShard(0, List.of(1L, "007secret".getBytes()), 10))
                .hasMessageStartingWith("unexpected reply from inspect_shard.lua (expected an array of at least 9 elements):"
                        + " [1, <9 bytes>]");
    }
}
