package dev.sessionkeeper.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every script of {@code lua/} as one Redis 7 function library, called by FCALL where Redis
 * has functions, instead of EVALSHA.
 *
 * <p>Why: Redis runs an EVAL script's whole text on every call, so each function an include
 * defines is built again per call, with its upvalues, and so is every table of names. That is
 * several microseconds of the shared Redis's time on every request (a find defines about 40
 * functions to use a handful). A library runs its top level once, at FUNCTION LOAD, and a call
 * runs only the script's own body. The library is built from the same files as the scripts:
 * each include once, at the top level, in the order the scripts' own expansion would give, and
 * each script's body, unchanged, as the callback of a function that receives KEYS and ARGV as
 * its parameters, so it reads them as it does under EVAL.
 *
 * <p>What that asks of the includes: their top level only defines (no call into Redis's string,
 * math or struct libraries, which a library's loading does not offer), and nothing an include
 * defines at the top level is changed by a call, since under a library it outlives the call.
 * Loading this library on Redis 7 in the tests proves the first. For the second,
 * ScriptLibraryTest checks that no include reads KEYS or ARGV (under a library they are the
 * calling function's parameters, so includes are passed them) and that no file writes into a
 * table an include defines at its top level.
 *
 * <p>The library and its functions carry a hash of the library's text in their names, so two
 * releases of sessionkeeper that share a Redis during a rolling deploy each call their own
 * scripts, and a library is never replaced under a running server: FUNCTION LOAD without
 * REPLACE, and "already exists" means loaded. An old release's library stays until someone
 * deletes it (FUNCTION DELETE); it holds no data.
 */
final class ScriptLibrary {

    /** Every script in {@code lua/}; ScriptLibraryTest fails when this list and the folder disagree. */
    static final List<String> SCRIPTS = List.of(
            "count", "create", "deadletter", "describe", "destroy", "due", "exists", "expire", "find", "heartbeat",
            "inspect_shard", "lock", "lock_renew", "logout_all", "principals", "rotate_in", "rotate_out", "save",
            "sessions_of", "trim", "unlock");

    // Stands for the library's name in the function names until the name, a hash of the text
    // around it, is known.
    private static final String FUNCTION_MARK = "\u0000function:";

    private static final ScriptLibrary INSTANCE = new ScriptLibrary(LuaScript.ROOT);

    private final String name;
    private final String text;
    // Script name -> function name, made once: a call looks its function up instead of building the name.
    private final Map<String, String> functions = new HashMap<>();

    ScriptLibrary(String root) {
        LuaScript.Expansion expansion = new LuaScript.Expansion(root, "the function library");
        StringBuilder top = new StringBuilder();
        StringBuilder callbacks = new StringBuilder();
        for (String script : SCRIPTS) {
            String source = LuaScript.read(root + script + ".lua");
            top.append(expansion.includesOf(source));
            callbacks.append("redis.register_function('").append(FUNCTION_MARK).append(script)
                    .append("', function(KEYS, ARGV)\n").append(LuaScript.withoutIncludes(source)).append("\nend)\n");
        }
        String body = top.append(callbacks).toString();
        this.name = "sessionkeeper_" + LuaScript.sha1(body).substring(0, 12);
        this.text = "#!lua name=" + name + "\n" + body.replace(FUNCTION_MARK, name + "_");
        for (String script : SCRIPTS) {
            functions.put(script, name + "_" + script);
        }
    }

    static ScriptLibrary get() {
        return INSTANCE;
    }

    /** The library's name: {@code sessionkeeper_} and 12 hex digits of its text's SHA-1. */
    String name() {
        return name;
    }

    /** The text FUNCTION LOAD takes. */
    String text() {
        return text;
    }

    /** The name FCALL calls {@code script} by, or {@code null} when the script is not in the library. */
    String function(LuaScript script) {
        return functions.get(script.name());
    }
}
