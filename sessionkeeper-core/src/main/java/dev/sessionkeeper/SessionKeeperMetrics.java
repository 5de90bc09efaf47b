package dev.sessionkeeper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for a store, its expiry workers and its event subscriptions. Micrometer is
 * an optional dependency: only applications that use this class need it.
 *
 * <pre>{@code
 * new SessionKeeperMetrics(store).bindTo(registry);
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><td>{@code sessionkeeper.expirations}</td><td>counter: sessions expired by this process's workers</td></tr>
 *   <tr><td>{@code sessionkeeper.expiry.lateness}</td><td>summary (ms, with histogram): deadline to event</td></tr>
 *   <tr><td>{@code sessionkeeper.expiry.backlog}</td><td>gauge: due sessions not yet expired, as workers last saw</td></tr>
 *   <tr><td>{@code sessionkeeper.events}</td><td>counters tagged {@code outcome}: delivered, redelivered, failed, dead-lettered</td></tr>
 *   <tr><td>{@code sessionkeeper.rejected}</td><td>counters tagged {@code cause}: malformed-id, corrupt-session</td></tr>
 *   <tr><td>{@code sessionkeeper.reads.unslid}</td><td>counter: sessions read while Redis was out of memory,
 *       served without moving their idle deadline</td></tr>
 *   <tr><td>{@code sessionkeeper.script}</td><td>timers tagged {@code script} (find, save, expire, ...) and
 *       {@code outcome} (ok, error): each Redis call of this process, from send to reply</td></tr>
 * </table>
 */
public final class SessionKeeperMetrics implements MeterBinder {

    private final RedisSessionStore store;

    /**
     * Meters for one store; nothing is registered until {@link #bindTo}. Binding adds no Redis
     * call: the meters read counters the store keeps anyway.
     *
     * @param store a store built by {@link SessionStore#builder()}
     * @throws IllegalArgumentException for any other implementation of {@link SessionStore}
     */
    public SessionKeeperMetrics(SessionStore store) {
        if (!(store instanceof RedisSessionStore s)) {
            throw new IllegalArgumentException("metrics need a store built by SessionStore.builder()");
        }
        this.store = s;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Counter expirations = Counter.builder("sessionkeeper.expirations")
                .description("sessions expired by this process's expiry workers")
                .register(registry);
        DistributionSummary lateness = DistributionSummary.builder("sessionkeeper.expiry.lateness")
                .description("time from a session's deadline to its expired event, by Redis's clock")
                .baseUnit("milliseconds")
                .publishPercentileHistogram()
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        store.observeExpiries(late -> {
            expirations.increment();
            lateness.record(late);
        });
        Gauge.builder("sessionkeeper.expiry.backlog", store, RedisSessionStore::workerBacklog)
                .description("sessions past their deadline not yet expired, over the workers' shards")
                .register(registry);
        EventCounters events = store.eventCounters();
        eventCounter(registry, events, "delivered", e -> e.delivered.sum());
        eventCounter(registry, events, "redelivered", e -> e.redelivered.sum());
        eventCounter(registry, events, "failed", e -> e.failed.sum());
        eventCounter(registry, events, "dead-lettered", e -> e.deadLettered.sum());
        // One timer per script and outcome, made at the first call: the set of scripts is small and fixed.
        java.util.Map<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();
        store.observeScripts((script, nanos, failed) -> timers.computeIfAbsent(script + (failed ? "/error" : "/ok"),
                        k -> Timer.builder("sessionkeeper.script")
                                .description("Redis script calls of this process, send to reply")
                                .tag("script", script)
                                .tag("outcome", failed ? "error" : "ok")
                                .register(registry))
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS));
        FunctionCounter.builder("sessionkeeper.rejected", store, s -> s.stats().malformedIds())
                .tag("cause", "malformed-id").description("requests turned away before reaching Redis").register(registry);
        FunctionCounter.builder("sessionkeeper.rejected", store, s -> s.stats().corruptSessions())
                .tag("cause", "corrupt-session").description("sessions found corrupt and quarantined").register(registry);
        FunctionCounter.builder("sessionkeeper.reads.unslid", store, s -> s.stats().unslidReads())
                .description("sessions read while Redis was out of memory, their deadline not moved").register(registry);
    }

    // Micrometer holds the state object of a function meter weakly: it must be an object the
    // store keeps alive (the counters), never a lambda made here.
    private static void eventCounter(MeterRegistry registry, EventCounters events, String outcome,
                                     ToDoubleFunction<EventCounters> value) {
        FunctionCounter.builder("sessionkeeper.events", events, value)
                .tag("outcome", outcome)
                .description("event deliveries to this process's subscriptions")
                .register(registry);
    }
}
