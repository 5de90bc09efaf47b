package dev.sessionkeeper.bench;

import java.time.Instant;

/** Wall-clock time in microseconds, to compare with deadlines set by Redis's clock on this host. */
final class BenchClock {

    private BenchClock() {
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
