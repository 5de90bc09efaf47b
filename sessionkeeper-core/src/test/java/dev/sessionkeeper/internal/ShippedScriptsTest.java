package dev.sessionkeeper.internal;

import dev.sessionkeeper.RawRedis;
import dev.sessionkeeper.testkit.RedisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every shipped script, expanded as the store loads it, compiles on a real Redis and calls or
 * indexes no name that is not defined before it. Lua looks an undefined name up as a global,
 * which Redis refuses only when that line runs: a script missing an include would fail on the
 * rarely used path that needs it, so this check reads the text instead of waiting for the path.
 */
class ShippedScriptsTest {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standalone();

    /** The globals a Redis script may use. */
    private static final Set<String> GLOBALS = Set.of("redis", "cjson", "cmsgpack", "bit", "struct", "table", "string",
            "math", "unpack", "tonumber", "tostring", "type", "ipairs", "pairs", "next", "error", "pcall", "select",
            "assert", "KEYS", "ARGV");
    private static final Set<String> KEYWORDS = Set.of("and", "break", "do", "else", "elseif", "end", "false", "for",
            "function", "if", "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while");

    @Test
    void everyShippedScriptCompilesAndDefinesWhatItUses() throws Exception {
        List<String> names = shippedScripts();
        assertThat(names).contains("find", "save", "rotate_in", "sessions_of");
        try (RawRedis raw = RawRedis.connect(REDIS.uri(), REDIS.nodeUris())) {
            for (String name : names) {
                String body = LuaScript.load(name).body();
                assertThat(body).as(name).doesNotContain("@include");
                assertThat(undefined(body)).as("names %s uses before defining them", name).isEmpty();
                assertThat(raw.sync().scriptLoad(body)).as(name).isEqualTo(LuaScript.load(name).sha());
            }
        }
    }

    /**
     * Each script and include lists exactly what it uses itself: every name it uses and does not
     * define is defined at the top level of one of its own includes, and each include it lists
     * defines a name it uses. So no file works only because another happened to include first.
     */
    @Test
    void everyFileIncludesExactlyWhatItUsesDirectly() throws Exception {
        Path root = Path.of(LuaScript.class.getResource("/dev/sessionkeeper/lua/").toURI());
        List<Path> files = new ArrayList<>();
        for (String name : shippedScripts()) {
            files.add(root.resolve(name + ".lua"));
        }
        try (Stream<Path> includes = Files.list(root.resolve("include"))) {
            includes.sorted().forEach(files::add);
        }
        for (Path file : files) {
            String text = Files.readString(file);
            List<String> used = undefined(text);
            Set<String> provided = new HashSet<>();
            Matcher m = Pattern.compile("(?m)^-- @include ([a-z_]+)\\s*$").matcher(text);
            while (m.find()) {
                Set<String> defines = topLevel(Files.readString(root.resolve("include/" + m.group(1) + ".lua")));
                assertThat(used).as("%s includes %s but uses nothing it defines", file.getFileName(), m.group(1))
                        .containsAnyElementsOf(defines);
                provided.addAll(defines);
            }
            assertThat(provided).as("what %s uses from its own includes", file.getFileName()).containsAll(used);
        }
    }

    @Test
    void theCheckFindsANameUsedBeforeItsDefinition() {
        assertThat(undefined("local x = f(1)\nlocal function f(a) return a end\nreturn x")).containsExactly("f");
        assertThat(undefined("local function f(a) return a.b + LIMIT end\nlocal LIMIT = 1\nreturn f({b = 1})"))
                .containsExactly("LIMIT");
        assertThat(undefined("-- g(1)\nlocal s = 'h(2)'\nfor i, v in ipairs(KEYS) do s = s .. v .. i end\n"
                + "table.sort(KEYS, function(a, b) return a < b end)\nreturn s")).isEmpty();
    }

    private static List<String> shippedScripts() throws IOException, URISyntaxException {
        Path dir = Path.of(LuaScript.class.getResource("/dev/sessionkeeper/lua/").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".lua"))
                    .map(f -> f.substring(0, f.length() - 4)).sorted().toList();
        }
    }

    /**
     * The names a script calls or indexes (or, written in capitals, uses at all) before any
     * {@code local}, function parameter or loop variable of that name, that are no Redis global.
     * Scopes are not tracked: a name declared anywhere earlier counts, which is what a missing or
     * misordered include breaks.
     */
    static List<String> undefined(String lua) {
        List<String> tokens = tokens(lua);
        Map<String, Integer> declared = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t.equals("local") && i + 1 < tokens.size() && !tokens.get(i + 1).equals("function")) {
                for (int j = i + 1; j < tokens.size() && isName(tokens.get(j)); j += 2) {
                    declared.putIfAbsent(tokens.get(j), j);
                    if (!",".equals(tokens.get(j + 1))) {
                        break;
                    }
                }
            } else if (t.equals("function")) {
                int j = i + 1;
                if (isName(tokens.get(j)) && (i == 0 || !tokens.get(i - 1).equals("local"))) {
                    // function a.b(...): a global's field; not used here.
                    while (!tokens.get(j).equals("(")) {
                        j++;
                    }
                } else if (isName(tokens.get(j))) {
                    declared.putIfAbsent(tokens.get(j), j);
                    j++;
                }
                for (j = j + 1; !tokens.get(j).equals(")"); j++) {
                    if (isName(tokens.get(j))) {
                        declared.putIfAbsent(tokens.get(j), j);
                    }
                }
            } else if (t.equals("for")) {
                for (int j = i + 1; !tokens.get(j).equals("=") && !tokens.get(j).equals("in"); j++) {
                    if (isName(tokens.get(j))) {
                        declared.putIfAbsent(tokens.get(j), j);
                    }
                }
            } else if (isName(t) && !GLOBALS.contains(t)) {
                String before = i > 0 ? tokens.get(i - 1) : "";
                String after = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
                boolean member = before.equals(".") || before.equals(":");
                boolean used = after.equals("(") || after.equals(".") || after.equals("[") || after.equals(":")
                        || t.equals(t.toUpperCase()) && !after.equals("=");
                Integer at = declared.get(t);
                if (!member && used && (at == null || at > i) && !missing.contains(t)) {
                    missing.add(t);
                }
            }
        }
        return missing;
    }

    /** The names a file declares outside any function or block: what an include offers. */
    static Set<String> topLevel(String lua) {
        List<String> tokens = tokens(lua);
        Set<String> names = new HashSet<>();
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (depth == 0 && t.equals("local")) {
                int j = tokens.get(i + 1).equals("function") ? i + 2 : i + 1;
                names.add(tokens.get(j));
                while (tokens.get(j + 1).equals(",")) {
                    j += 2;
                    names.add(tokens.get(j));
                }
            }
            if (Set.of("function", "if", "do", "repeat").contains(t)) {
                depth++;
            } else if (t.equals("end") || t.equals("until")) {
                depth--;
            }
        }
        return names;
    }

    private static boolean isName(String token) {
        return token.matches("[A-Za-z_][A-Za-z0-9_]*") && !KEYWORDS.contains(token);
    }

    /** Lua's tokens, without comments and with every string literal as one "'" token. */
    private static List<String> tokens(String lua) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < lua.length()) {
            char c = lua.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (lua.startsWith("--", i)) {
                int end = longBracketEnd(lua, i + 2);
                i = end >= 0 ? end : lineEnd(lua, i);
            } else if (c == '[' && longBracketEnd(lua, i) >= 0) {
                i = longBracketEnd(lua, i);
                out.add("'");
            } else if (c == '\'' || c == '"') {
                int j = i + 1;
                while (lua.charAt(j) != c) {
                    j += lua.charAt(j) == '\\' ? 2 : 1;
                }
                i = j + 1;
                out.add("'");
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < lua.length() && (Character.isLetterOrDigit(lua.charAt(j)) || lua.charAt(j) == '_')) {
                    j++;
                }
                out.add(lua.substring(i, j));
                i = j;
            } else if (Character.isDigit(c)) {
                int j = i;
                while (j < lua.length() && (Character.isLetterOrDigit(lua.charAt(j)) || lua.charAt(j) == '.')) {
                    j++;
                }
                out.add("0");
                i = j;
            } else if (lua.startsWith("..", i) || lua.startsWith("==", i) || lua.startsWith("~=", i)
                    || lua.startsWith("<=", i) || lua.startsWith(">=", i)) {
                out.add(lua.substring(i, i + 2));
                i += 2;
            } else {
                out.add(String.valueOf(c));
                i++;
            }
        }
        return out;
    }

    /** After a long bracket ([[ ]], [==[ ]==]) that opens at {@code i}, or -1 when none opens there. */
    private static int longBracketEnd(String lua, int i) {
        if (i >= lua.length() || lua.charAt(i) != '[') {
            return -1;
        }
        int j = i + 1;
        while (j < lua.length() && lua.charAt(j) == '=') {
            j++;
        }
        if (j >= lua.length() || lua.charAt(j) != '[') {
            return -1;
        }
        String close = "]" + "=".repeat(j - i - 1) + "]";
        int end = lua.indexOf(close, j + 1);
        return end < 0 ? -1 : end + close.length();
    }

    private static int lineEnd(String lua, int i) {
        int end = lua.indexOf('\n', i);
        return end < 0 ? lua.length() : end;
    }
}
