package dev.sessionkeeper;

import dev.sessionkeeper.internal.SessionIds;

/**
 * The format of the session ids a store generates, for tools that take an id from a person or
 * print one: the same check and the same redaction the store applies itself.
 *
 * <p>An id is 3 digits (its shard) followed by 24 characters of {@code A-Z a-z 0-9 _ -}.
 */
public final class SessionIdFormat {

    private SessionIdFormat() {
    }

    /**
     * Whether {@code id} has the exact format of a generated id: the check that guards every key the
     * store builds from an id. False for {@code null}.
     *
     * @param id a candidate id, possibly {@code null}
     * @return true if the store would accept it as an id
     */
    public static boolean isWellFormed(String id) {
        return SessionIds.isWellFormed(id);
    }

    /**
     * A form of the id that is safe to log or print: its shard and a short prefix followed by
     * {@code "..."}, enough to tell sessions apart, too little to use as the bearer credential an
     * id is. A malformed id gives {@code "<malformed>"}.
     *
     * @param id an id, possibly malformed or {@code null}
     * @return the redacted form, never {@code null}
     */
    public static String redact(String id) {
        return SessionIds.redact(id);
    }
}
