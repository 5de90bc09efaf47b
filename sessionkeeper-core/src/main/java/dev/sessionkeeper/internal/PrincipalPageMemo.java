package dev.sessionkeeper.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * What this store last saw of each principal's index: the ids that a page script declares as its
 * guess of the page, so that listing a principal needs no separate read of the index first.
 *
 * <p>Only a guess: the script reads the page itself and, when an entry of the page is not
 * declared, writes nothing and answers with the page's ids, which the next call declares. A
 * guess that names an id no longer on the page costs nothing (the script touches only the page's
 * entries). So a wrong guess, e.g. after another instance signed the principal in or out, costs
 * one more call and never a wrong answer; a right one saves the index read.
 *
 * <p>Bounded: at most {@link #PRINCIPALS} principals and {@link #IDS} ids in all, the least
 * recently used principal going first, and at most {@link #PER_PRINCIPAL} ids of one principal
 * (the lowest, which are the first pages a walk reads). About 100 bytes an id, so at most about
 * 1.6 MB. The ids are session ids, credentials: they are held only in this process's memory,
 * which already handles them as cookies, and are never logged.
 */
final class PrincipalPageMemo {

    static final int PRINCIPALS = 4096;
    static final int IDS = 16_384;
    static final int PER_PRINCIPAL = 10 * PrincipalOperations.PAGE;

    private final LinkedHashMap<String, TreeSet<String>> seen = new LinkedHashMap<>(64, 0.75f, true);
    private int ids;

    /**
     * The guess for the page that starts after {@code after} ({@code ""} for the first): the known
     * ids past it, at most {@code page} of them, in index order. Empty for an unknown principal.
     */
    synchronized List<String> guess(String principal, String after, int page) {
        TreeSet<String> known = seen.get(principal);
        if (known == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(Math.min(page, known.size()));
        for (String id : after.isEmpty() ? known : known.tailSet(after, false)) {
            if (out.size() == page) {
                break;
            }
            out.add(id);
        }
        return out;
    }

    /**
     * A page script answered for the index range after {@code after} up to {@code next} (to the end
     * when {@code next} is {@code ""}): {@code present} are the ids left in that range. Ids of
     * {@code present} outside the range are ignored.
     */
    synchronized void page(String principal, String after, String next, Collection<String> present) {
        TreeSet<String> known = seen.get(principal);
        if (known == null) {
            known = new TreeSet<>();
        }
        int before = known.size();
        range(known, after, next).clear();
        for (String id : present) {
            if (inRange(id, after, next)) {
                known.add(id);
            }
        }
        store(principal, known, before);
    }

    /** A session of the principal signed in through this store. */
    synchronized void added(String principal, String id) {
        TreeSet<String> known = seen.get(principal);
        if (known == null) {
            known = new TreeSet<>();
        }
        int before = known.size();
        known.add(id);
        store(principal, known, before);
    }

    /** A session of the principal ended (or moved away) through this store. */
    synchronized void removed(String principal, String id) {
        TreeSet<String> known = seen.get(principal);
        if (known != null && known.remove(id)) {
            ids--;
            if (known.isEmpty()) {
                seen.remove(principal);
            }
        }
    }

    synchronized int size() {
        return ids;
    }

    private void store(String principal, TreeSet<String> known, int before) {
        while (known.size() > PER_PRINCIPAL) {
            known.pollLast();
        }
        ids += known.size() - before;
        if (known.isEmpty()) {
            seen.remove(principal);
            return;
        }
        seen.put(principal, known);
        Iterator<Map.Entry<String, TreeSet<String>>> eldest = seen.entrySet().iterator();
        while ((seen.size() > PRINCIPALS || ids > IDS) && eldest.hasNext()) {
            Map.Entry<String, TreeSet<String>> e = eldest.next();
            if (e.getValue() == known) {
                continue;
            }
            ids -= e.getValue().size();
            eldest.remove();
        }
    }

    private static NavigableSet<String> range(TreeSet<String> known, String after, String next) {
        if (after.isEmpty()) {
            return next.isEmpty() ? known : known.headSet(next, true);
        }
        return next.isEmpty() ? known.tailSet(after, false) : known.subSet(after, false, next, true);
    }

    private static boolean inRange(String id, String after, String next) {
        return (after.isEmpty() || id.compareTo(after) > 0) && (next.isEmpty() || id.compareTo(next) <= 0);
    }
}
