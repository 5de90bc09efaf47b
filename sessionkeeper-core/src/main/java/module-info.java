/**
 * sessionkeeper's session store: web sessions in Redis that expire on time, with exactly-once
 * expiry events and an exact per-user index.
 *
 * <p>The exported packages are the public API, and the only one: {@link dev.sessionkeeper}
 * (the store, its builder, sessions, results and exceptions), {@link dev.sessionkeeper.events},
 * {@link dev.sessionkeeper.expiry}, {@link dev.sessionkeeper.inspect},
 * {@link dev.sessionkeeper.codec} and {@link dev.sessionkeeper.micrometer}. The engine,
 * {@code dev.sessionkeeper.internal}, is not exported: it may change in any release.
 *
 * <p>Micrometer is optional: only {@link dev.sessionkeeper.micrometer.SessionKeeperMetrics}
 * needs it, and an application without it never loads that class.
 */
// Lettuce, Netty's common classes and Micrometer are automatic modules (named by their manifests):
// stable names, which is what requiring them needs.
@SuppressWarnings({"requires-automatic", "exports"})
module dev.sessionkeeper {
    exports dev.sessionkeeper;
    exports dev.sessionkeeper.codec;
    exports dev.sessionkeeper.events;
    exports dev.sessionkeeper.expiry;
    exports dev.sessionkeeper.inspect;
    exports dev.sessionkeeper.micrometer;

    requires lettuce.core;
    requires io.netty.common;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires org.slf4j;
    requires java.management;
    // Optional, and not transitive: that would make every module reading this one need Micrometer
    // to compile. A module that uses SessionKeeperMetrics has a MeterRegistry, so it requires
    // micrometer.core itself.
    requires static micrometer.core;
}
