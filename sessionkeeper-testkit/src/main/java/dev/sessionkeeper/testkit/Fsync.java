package dev.sessionkeeper.testkit;

/** The {@code appendfsync} policy of a {@link RedisServer} started with the append-only file enabled. */
public enum Fsync {
    /** {@code appendfsync always}: every write is on disk before it is acknowledged, so a kill -9 loses nothing. */
    ALWAYS,
    /** {@code appendfsync everysec}: a kill -9 may lose up to about a second of writes. */
    EVERYSEC;

    String directive() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
