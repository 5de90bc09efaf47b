package dev.sessionkeeper.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Redis operation's Lua script, read from {@code dev/sessionkeeper/lua/<name>.lua}.
 *
 * <p>Redis scripts cannot import one another, so shared functions live in
 * {@code lua/include/} and are pasted in where a script says {@code -- @include name}. The
 * SHA-1 is computed locally over the final text, which is what EVALSHA needs.
 */
public final class LuaScript {

    private static final String ROOT = "/dev/sessionkeeper/lua/";
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
        return new LuaScript(name, expand(read(ROOT + name + ".lua")), false);
    }

    /** A script that only reads: never waited on for replication. */
    public static LuaScript loadReadOnly(String name) {
        return new LuaScript(name, expand(read(ROOT + name + ".lua")), true);
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

    private static String expand(String text) {
        Matcher m = INCLUDE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(read(ROOT + "include/" + m.group(1) + ".lua")));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String read(String resource) {
        try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
