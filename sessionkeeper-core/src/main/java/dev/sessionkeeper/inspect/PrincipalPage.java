package dev.sessionkeeper.inspect;

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

    /**
     * A page; the list is copied, so the page is immutable.
     *
     * @param principals the page's principals, not {@code null}
     * @param cursor the next page's cursor, or {@code null} for the last page
     */
    public PrincipalPage {
        principals = List.copyOf(principals);
    }

    /**
     * Whether the walk is over.
     *
     * @return true when no page follows
     */
    public boolean isLast() {
        return cursor == null;
    }
}
