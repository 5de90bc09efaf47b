package dev.sessionkeeper.app.web;

import dev.sessionkeeper.events.SessionEvent;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the dashboard charts, counted from the event log as this instance reads it: expirations per second over
 * the last minute, how late each expiry event was written (from the session's deadline, by Redis's clock), and
 * how many events of each type went by. Counting events rather than asking the local worker means the charts
 * also show sessions that other workers expired.
 */
final class ExpiryStats {

    /** Upper bounds (exclusive) of the lateness buckets, in ms; the last bucket holds the rest. */
    private static final long[] BUCKET_BOUNDS = {5, 10, 25, 50, 100, 250, 1000};
    static final int WINDOW_SECONDS = 60;

    private final long[] perSecond = new long[WINDOW_SECONDS];
    private final long[] slotSecond = new long[WINDOW_SECONDS];
    private final long[] lateness = new long[BUCKET_BOUNDS.length + 1];
    private final Map<SessionEvent.Type, Long> byType = new EnumMap<>(SessionEvent.Type.class);

    /** @param nowMillis when this instance read the event, which places it in the per-second series */
    synchronized void record(SessionEvent event, long nowMillis) {
        byType.merge(event.type(), 1L, Long::sum);
        if (event.type() != SessionEvent.Type.EXPIRED) {
            return;
        }
        long second = nowMillis / 1000;
        int slot = (int) (second % WINDOW_SECONDS);
        if (slotSecond[slot] != second) {
            slotSecond[slot] = second;
            perSecond[slot] = 0;
        }
        perSecond[slot]++;
        lateness[bucket(event.latenessMillis())]++;
    }

    /** Expirations in each of the last {@link #WINDOW_SECONDS} whole seconds before now, oldest first. */
    synchronized List<Long> perSecond(long nowMillis) {
        long current = nowMillis / 1000;
        List<Long> series = new ArrayList<>(WINDOW_SECONDS);
        for (long second = current - WINDOW_SECONDS; second < current; second++) {
            int slot = (int) (second % WINDOW_SECONDS);
            series.add(slotSecond[slot] == second ? perSecond[slot] : 0L);
        }
        return series;
    }

    /** Lateness bucket labels in ms, e.g. "<5", "5-10", ..., "1000+". */
    static List<String> bucketLabels() {
        List<String> labels = new ArrayList<>();
        labels.add("<" + BUCKET_BOUNDS[0]);
        for (int i = 1; i < BUCKET_BOUNDS.length; i++) {
            labels.add(BUCKET_BOUNDS[i - 1] + "-" + BUCKET_BOUNDS[i]);
        }
        labels.add(BUCKET_BOUNDS[BUCKET_BOUNDS.length - 1] + "+");
        return labels;
    }

    synchronized List<Long> latenessCounts() {
        List<Long> counts = new ArrayList<>(lateness.length);
        for (long c : lateness) {
            counts.add(c);
        }
        return counts;
    }

    /** Events seen since start, by type ("created", "expired", "destroyed", "rotated"). */
    synchronized Map<String, Long> eventCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (SessionEvent.Type type : SessionEvent.Type.values()) {
            counts.put(type.wireName().toLowerCase(Locale.ROOT), byType.getOrDefault(type, 0L));
        }
        return counts;
    }

    private static int bucket(long latenessMillis) {
        for (int i = 0; i < BUCKET_BOUNDS.length; i++) {
            if (latenessMillis < BUCKET_BOUNDS[i]) {
                return i;
            }
        }
        return BUCKET_BOUNDS.length;
    }
}
