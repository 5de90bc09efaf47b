package dev.sessionkeeper.internal;

import java.util.List;

/**
 * Reading script replies: Lettuce hands a MULTI reply over as untyped nested lists, and the
 * script's header (KEYS/ARGV/reply) says what each element is. The one place the engine turns
 * such an element into a list.
 */
final class Replies {

    private Replies() {
    }

    /** A reply element that the script's contract says is an array. */
    @SuppressWarnings("unchecked")
    static List<Object> list(Object element) {
        return (List<Object>) element;
    }
}
