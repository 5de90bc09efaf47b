package dev.sessionkeeper.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The include expansion, on the fixture scripts under src/test/resources/dev/sessionkeeper/lua-fixtures. */
class LuaScriptTest {

    private static final String FIXTURES = "/dev/sessionkeeper/lua-fixtures/";

    @Test
    void nestedIncludesExpandRecursivelyWithDependenciesFirst() {
        assertThat(LuaScript.expand(FIXTURES, "nested")).isEqualTo(
                "local function c() return 1 end\n\n"
                        + "local function b() return c() end\n\n"
                        + "local function a() return b() end\n\n"
                        + "return a()\n");
    }

    @Test
    void aDiamondEmitsTheSharedIncludeOnceBeforeBothDependents() {
        String text = LuaScript.expand(FIXTURES, "diamond");
        assertThat(occurrences(text, "local function base()")).isEqualTo(1);
        assertThat(text.indexOf("local function base()")).isLessThan(text.indexOf("local function left()"));
        assertThat(text.indexOf("local function left()")).isLessThan(text.indexOf("local function right()"));
        assertThat(text).doesNotContain("@include");
    }

    @Test
    void anIncludeNamedAgainIsEmittedOnlyAtItsFirstUse() {
        String text = LuaScript.expand(FIXTURES, "once");
        assertThat(occurrences(text, "local function base()")).isEqualTo(1);
        assertThat(text).startsWith("local function base()").doesNotContain("@include");
        assertThat(text).endsWith("return left() + base()\n");
    }

    @Test
    void aCycleIsRefusedNamingTheChain() {
        assertThatThrownBy(() -> LuaScript.expand(FIXTURES, "cycle"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("script 'cycle': include cycle cycle -> loop_a -> loop_b -> loop_a");
    }

    @Test
    void anUnknownIncludeIsRefusedNamingTheScriptAndTheIncluder() {
        assertThatThrownBy(() -> LuaScript.expand(FIXTURES, "missing"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("script 'missing' includes unknown 'nowhere' (from include 'broken'): no resource ")
                .hasMessageEndingWith("lua-fixtures/include/nowhere.lua");
    }

    @Test
    void anUnknownScriptIsRefused() {
        assertThatThrownBy(() -> LuaScript.expand(FIXTURES, "absent"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("missing script resource");
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
