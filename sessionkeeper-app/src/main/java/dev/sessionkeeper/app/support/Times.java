package dev.sessionkeeper.app.support;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Instants and spans for operators: absolute times in the local zone to the second, spans relative to Redis's
 * clock ("3 min 12 s ago", "in 29 min 58 s"), because deadlines are kept by Redis's clock and this host's may
 * differ.
 */
public final class Times {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private static final DateTimeFormatter PRECISE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private Times() {
    }

    public static String stamp(Instant at) {
        return STAMP.format(at);
    }

    /** To the millisecond, as the worker stamps its lines: for events. */
    public static String precise(Instant at) {
        return PRECISE.format(at);
    }

    /** "3 min 12 s ago" or "in 3 min 12 s", from {@code now} to {@code at}. */
    public static String relative(Instant at, Instant now) {
        Duration d = Duration.between(now, at);
        return d.isNegative() ? Durations.uptime(d.negated()) + " ago" : "in " + Durations.uptime(d);
    }

    /** "12 min 3 s" left, or "expired 2 s ago". */
    public static String left(Instant deadline, Instant now) {
        Duration d = Duration.between(now, deadline);
        return d.isNegative() ? "expired " + Durations.uptime(d.negated()) + " ago" : Durations.uptime(d);
    }
}
