package dev.sessionkeeper.app.ops;

import dev.sessionkeeper.StoreObserver;
import dev.sessionkeeper.micrometer.SessionKeeperMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The store's meters (and a few of the JVM's) in Prometheus text format, for {@code /metrics} in the demo and
 * the worker. One registry per store, fed by the store's {@link #observer()}: the meters count what this
 * process does.
 */
public final class PrometheusMetrics {

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private final SessionKeeperMetrics store = new SessionKeeperMetrics();

    public PrometheusMetrics() {
        store.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
    }

    /** What the store's builder is given ({@code observer(...)}), so that the meters follow the store. */
    public StoreObserver observer() {
        return store;
    }

    /** The text a Prometheus scrape receives. */
    public String scrape() {
        return registry.scrape();
    }
}
