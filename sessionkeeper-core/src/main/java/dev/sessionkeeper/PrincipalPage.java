package dev.sessionkeeper;

import java.util.List;

/**
 * One page of {@link SessionInspector#principals(String, int)}: principals that have a live
 * session, and where the next page starts.
 *
 * @param principals distinct principals, shard by shard and in byte order of the names within a
 *     shard; each appears once in a whole walk
 * @param cursor what to pass for the next page, or {@code null} when this was the last one. A
 *     page may be empty and still have a cursor (a read that met only sessions past their deadline)
 */
public record PrincipalPage(List<String> principals, String cursor) {

    public PrincipalPage {
        principals = List.copyOf(principals);
    }

    /** True when no page follows. */
    public boolean isLast() {
        return cursor == null;
    }
}
