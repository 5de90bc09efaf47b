package dev.sessionkeeper.micrometer;

import dev.sessionkeeper.SessionStoreBuilder;
import dev.sessionkeeper.StoreObserver;
import dev.sessionkeeper.expiry.ExpiryWorker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for a store, its expiry workers and its event subscriptions, fed by the
 * store's {@link StoreObserver} hook only. Micrometer is an optional dependency: only
 * applications that use this class need it.
 *
 * <pre>{@code
 * SessionKeeperMetrics metrics = new SessionKeeperMetrics();
 * SessionStore store = SessionStore.builder().redis(url).observer(metrics).build();
 * metrics.bindTo(registry);
 * }</pre>
 *
 * <p>Counts start when the store is built ({@code rejected}, {@code reads.unslid},
 * {@code events}) or when the meters are bound ({@code expirations}, {@code expiry.lateness},
 * {@code script}); bind before starting workers to count their first expiries. One instance
 * observes one store.
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
 *
 * @see SessionStoreBuilder#observer(StoreObserver)
 */
public final class SessionKeeperMetrics implements StoreObserver, MeterBinder {

    private final LongAdder malformedIds = new LongAdder();
    private final LongAdder corruptSessions = new LongAdder();
    private final LongAdder unslidReads = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder redelivered = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final List<ExpiryWorker> workers = new CopyOnWriteArrayList<>();
    /** The meters of each registry bound to, fed as the store reports. */
    private final List<Bound> bound = new CopyOnWriteArrayList<>();

    /** Meters that count from the moment they are bound, one set per registry. */
    private record Bound(Counter expirations, DistributionSummary lateness, MeterRegistry registry,
                         Map<String, Timer> timers) {
    }

    /** Meters for one store: give this to its builder's {@code observer(...)}, then bind it. */
    public SessionKeeperMetrics() {
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
        Gauge.builder("sessionkeeper.expiry.backlog", this, SessionKeeperMetrics::workerBacklog)
                .description("sessions past their deadline not yet expired, over the workers' shards")
                .register(registry);
        eventCounter(registry, "delivered", m -> m.delivered.sum());
        eventCounter(registry, "redelivered", m -> m.redelivered.sum());
        eventCounter(registry, "failed", m -> m.failed.sum());
        eventCounter(registry, "dead-lettered", m -> m.deadLettered.sum());
        FunctionCounter.builder("sessionkeeper.rejected", this, m -> m.malformedIds.sum())
                .tag("cause", "malformed-id").description("requests turned away before reaching Redis").register(registry);
        FunctionCounter.builder("sessionkeeper.rejected", this, m -> m.corruptSessions.sum())
                .tag("cause", "corrupt-session").description("sessions found corrupt and quarantined").register(registry);
        FunctionCounter.builder("sessionkeeper.reads.unslid", this, m -> m.unslidReads.sum())
                .description("sessions read while Redis was out of memory, their deadline not moved").register(registry);
        bound.add(new Bound(expirations, lateness, registry, new ConcurrentHashMap<>()));
    }

    // Micrometer holds the state object of a function meter weakly: it is this instance, which
    // the store keeps alive as its observer, never a lambda made here.
    private void eventCounter(MeterRegistry registry, String outcome, ToDoubleFunction<SessionKeeperMetrics> value) {
        FunctionCounter.builder("sessionkeeper.events", this, value)
                .tag("outcome", outcome)
                .description("event deliveries to this process's subscriptions")
                .register(registry);
    }

    /** Due sessions not yet expired, as this store's workers last saw them. */
    private double workerBacklog() {
        return workers.stream().mapToLong(w -> w.stats().backlog()).sum();
    }

    @Override
    public void workerStarted(ExpiryWorker worker) {
        workers.add(worker);
    }

    @Override
    public void expired(long latenessMillis) {
        for (Bound b : bound) {
            b.expirations().increment();
            b.lateness().record(latenessMillis);
        }
    }

    @Override
    public void scriptCalled(String script, long nanos, boolean failed) {
        // One timer per script and outcome, made at the first call: the set of scripts is small and fixed.
        for (Bound b : bound) {
            b.timers().computeIfAbsent(script + (failed ? "/error" : "/ok"),
                            k -> Timer.builder("sessionkeeper.script")
                                    .description("Redis script calls of this process, send to reply")
                                    .tag("script", script)
                                    .tag("outcome", failed ? "error" : "ok")
                                    .register(b.registry()))
                    .record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void malformedId() {
        malformedIds.increment();
    }

    @Override
    public void corruptSession() {
        corruptSessions.increment();
    }

    @Override
    public void unslidRead() {
        unslidReads.increment();
    }

    @Override
    public void delivered() {
        delivered.increment();
    }

    @Override
    public void redelivered() {
        redelivered.increment();
    }

    @Override
    public void failed() {
        failed.increment();
    }

    @Override
    public void deadLettered() {
        deadLettered.increment();
    }
}
