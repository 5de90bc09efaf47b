package dev.sessionkeeper.internal;

import dev.sessionkeeper.SessionKeeperException;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The status codes of every script, one code space for all of them, as {@code lua/include/codes.lua}
 * defines it: a code means the same whichever script returns it. Script replies are translated
 * here and in the small reply records beside each script's constant, never by reading numbers
 * in place. WireFormatTest fails when this enum and the Lua include disagree.
 */
enum ScriptCode {
    /** Done: the reply's other elements are the result. */
    OK(1),
    /** Nothing to act on: the session does not exist or is past its deadline. */
    NONE(0),
    /** The session's data is corrupt and was moved to its quarantine key. */
    CORRUPT(-1),
    /** The expected version did not match; the current version follows. */
    CONFLICT(-2),
    /** The caller's lock is no longer held. */
    LOCK_LOST(-3),
    /** The lock is held by another; the ms left on its lease follow. */
    HELD(-4),
    /** The new id is taken, or the reservation it was to fill is gone. */
    TAKEN(-5),
    /** The principal's session limit is reached and the policy refuses; the live count follows. */
    LIMIT_REACHED(-6),
    /** Sessions the call needs were not declared in KEYS; their ids follow. */
    UNDECLARED(-7),
    /** The limit check met more entries past their deadline than it reads; the count follows. */
    BACKLOG(-8);

    private final long wire;

    ScriptCode(long wire) {
        this.wire = wire;
    }

    long wire() {
        return wire;
    }

    /** The code an integer reply or the first element of an array reply carries. */
    static ScriptCode of(String script, Object reply) {
        Object code = reply instanceof List<?> list && !list.isEmpty() ? list.get(0) : reply;
        if (code instanceof Long n) {
            for (ScriptCode c : values()) {
                if (c.wire == n) {
                    return c;
                }
            }
        }
        throw unexpected(script, reply, "no status code");
    }

    /** The code of a reply, which must be one of {@code allowed}. */
    static ScriptCode of(String script, Object reply, ScriptCode... allowed) {
        ScriptCode code = of(script, reply);
        for (ScriptCode a : allowed) {
            if (a == code) {
                return code;
            }
        }
        throw unexpected(script, reply, "code " + code + " is not one this script returns");
    }

    /** A reply that does not have the shape the script's contract gives: the script and the client disagree. */
    static SessionKeeperException unexpected(String script, Object reply, String why) {
        return new SessionKeeperException("unexpected reply from " + script + ".lua (" + why + "): " + describe(reply)
                + "; the scripts in Redis and this client disagree about the script's contract");
    }

    /** The reply as an array of at least {@code size} elements. */
    static List<Object> array(String script, Object reply, int size) {
        if (reply instanceof List<?> list && list.size() >= size) {
            @SuppressWarnings("unchecked")
            List<Object> l = (List<Object>) list;
            return l;
        }
        throw unexpected(script, reply, "expected an array of at least " + size + " elements");
    }

    /** Element {@code i} of an array reply, an integer. */
    static long integer(String script, List<Object> reply, int i) {
        if (reply.get(i) instanceof Long n) {
            return n;
        }
        throw unexpected(script, reply, "element " + (i + 1) + " is not an integer");
    }

    /** Element {@code i} of an array reply, an array. */
    static List<Object> nested(String script, List<Object> reply, int i) {
        if (reply.get(i) instanceof List<?> list) {
            @SuppressWarnings("unchecked")
            List<Object> l = (List<Object>) list;
            return l;
        }
        throw unexpected(script, reply, "element " + (i + 1) + " is not an array");
    }

    /** Element {@code i} of an array reply, a bulk string as bytes. */
    static byte[] bytes(String script, List<Object> reply, int i) {
        if (reply.get(i) instanceof byte[] b) {
            return b;
        }
        throw unexpected(script, reply, "element " + (i + 1) + " is not a string");
    }

    /** Element {@code i} of an array reply, a bulk string of ASCII (ids, tokens). */
    static String ascii(String script, List<Object> reply, int i) {
        return new String(bytes(script, reply, i), StandardCharsets.US_ASCII);
    }

    /** The reply's shape: integers as they are, strings by length only (they may hold ids or session data). */
    private static String describe(Object reply) {
        if (reply instanceof byte[] b) {
            return "<" + b.length + " bytes>";
        }
        if (reply instanceof List<?> list) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < Math.min(list.size(), 8); i++) {
                out.append(i > 0 ? ", " : "").append(describe(list.get(i)));
            }
            return out.append(list.size() > 8 ? ", ... (" + list.size() + " elements)]" : "]").toString();
        }
        return String.valueOf(reply);
    }
}
