package dev.sessionkeeper.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Redis operation's Lua script, read from {@code dev/sessionkeeper/lua/<name>.lua}.
 *
 * <p>Redis scripts cannot import one another, so shared functions live in
 * {@code lua/include/} and are pasted in where a script says {@code -- @include name}. Includes
 * may include others: each file lists only what it uses itself, and the expansion puts every
 * include once, at its first use, with its own includes before it. Lua resolves a {@code local}
 * only after its definition, so "dependencies first" is what makes a function callable; emitting
 * once keeps a diamond (two includes sharing a third) from defining a function twice. A cycle
 * has no such order and is refused, naming the chain; so is an include that does not exist.
 * Both failures happen when the script is loaded, never on the rarely used path that calls it.
 *
 * <p>The SHA-1 is computed locally over the final text, which is what EVALSHA needs. The Node
 * package expands the same files by the same rules (node/lib/scripts.js) to the same bytes.
 */
public final class LuaScript {

    static final String ROOT = "/dev/sessionkeeper/lua/";
    private static final Pattern INCLUDE = Pattern.compile("(?m)^-- @include ([a-z_]+)\\s*$");

    private final String name;
    private final String body;
    private final String sha;
    private final boolean readOnly;

    private LuaScript(String name, String body, boolean readOnly) {
        this.name = name;
        this.body = body;
        this.sha = sha1(body);
        this.readOnly = readOnly;
    }

    /** A script that writes. */
    public static LuaScript load(String name) {
        return new LuaScript(name, expand(ROOT, name), false);
    }

    /** A script that only reads: never waited on for replication. */
    public static LuaScript loadReadOnly(String name) {
        return new LuaScript(name, expand(ROOT, name), true);
    }

    boolean readOnly() {
        return readOnly;
    }

    public String name() {
        return name;
    }

    public String body() {
        return body;
    }

    public String sha() {
        return sha;
    }

    /**
     * The text of script {@code name} under the resource folder {@code root} (ending in '/'),
     * its includes (from {@code root + "include/"}) expanded recursively, each once.
     */
    static String expand(String root, String name) {
        return new Expansion(root, name).include(read(root + name + ".lua"), List.of());
    }

    /**
     * One expansion: which includes it has emitted so far. One script's, or the function
     * library's, where every script shares one set of includes ({@link ScriptLibrary}).
     */
    static final class Expansion {

        private final String root;
        private final String script;
        private final Set<String> emitted = new HashSet<>();

        /** @param script what is being expanded, for errors: a script's name or the library */
        Expansion(String root, String script) {
            this.root = root;
            this.script = script;
        }

        /** {@code text} with its include lines replaced; {@code chain}: the includes being expanded. */
        String include(String text, List<String> chain) {
            Matcher m = INCLUDE.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String name = m.group(1);
                if (chain.contains(name)) {
                    throw new IllegalStateException("script '" + script + "': include cycle " + script + " -> "
                            + String.join(" -> ", chain) + " -> " + name);
                }
                String replacement = "";
                if (emitted.add(name)) {
                    List<String> inner = new ArrayList<>(chain);
                    inner.add(name);
                    replacement = include(readInclude(name, chain), inner);
                }
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            return out.toString();
        }

        /**
         * The includes that {@code text} names and this expansion has not emitted yet, expanded
         * in the order {@link #include} would put them; {@code text} itself is left out.
         */
        String includesOf(String text) {
            StringBuilder out = new StringBuilder();
            Matcher m = INCLUDE.matcher(text);
            while (m.find()) {
                out.append(include(m.group(), List.of()));
            }
            return out.toString();
        }

        private String readInclude(String name, List<String> chain) {
            String resource = root + "include/" + name + ".lua";
            String text = readOrNull(resource);
            if (text == null) {
                String from = chain.isEmpty() ? "" : " (from include '" + chain.get(chain.size() - 1) + "')";
                throw new IllegalStateException("script '" + script + "' includes unknown '" + name + "'" + from
                        + ": no resource " + resource);
            }
            return text;
        }
    }

    /** {@code text} without its include lines. */
    static String withoutIncludes(String text) {
        return INCLUDE.matcher(text).replaceAll("");
    }

    static String read(String resource) {
        String text = readOrNull(resource);
        if (text == null) {
            throw new IllegalStateException("missing script resource " + resource);
        }
        return text;
    }

    private static String readOrNull(String resource) {
        try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
