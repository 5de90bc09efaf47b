/**
 * Micrometer meters for a store, built on {@link dev.sessionkeeper.StoreObserver} alone:
 * {@link dev.sessionkeeper.micrometer.SessionKeeperMetrics}. Micrometer is an optional
 * dependency; only this package needs it. Public API: meter names and tags change only
 * compatibly within a major version.
 */
package dev.sessionkeeper.micrometer;
