package dev.sessionkeeper.internal;

import dev.sessionkeeper.SessionStoreBuilder;

import java.time.Duration;
import java.util.Objects;

/**
 * The one check of every duration setting, for the store's, the workers' and the
 * subscriptions' builders and for a session's own timeouts: each setting is refused where it is
 * given, naming it, so that no out-of-range value ever reaches Redis.
 */
public final class Durations {

    private Durations() {
    }

    /** A duration of 1 ms to {@link SessionStoreBuilder#MAX_DURATION}, in ms; else an error naming the setting. */
    public static long positiveMillis(String what, Duration value) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero() || boundedMillis(what, value) < 1) {
            throw new IllegalArgumentException(what + " must be at least 1 ms, got " + value);
        }
        return value.toMillis();
    }

    /** An absolute timeout: 0 (none) to {@link SessionStoreBuilder#MAX_DURATION}, in ms. */
    public static long absoluteMillis(Duration value) {
        Objects.requireNonNull(value, "absolute timeout");
        if (value.isNegative()) {
            throw new IllegalArgumentException("absolute timeout must not be negative: " + value);
        }
        return boundedMillis("absolute timeout", value);
    }

    private static long boundedMillis(String what, Duration value) {
        Duration max = SessionStoreBuilder.MAX_DURATION;
        if (value.compareTo(max) > 0) {
            throw new IllegalArgumentException(what + " must be at most " + max.toDays() + " days (10 years),"
                    + " got " + value);
        }
        return value.toMillis();
    }
}
