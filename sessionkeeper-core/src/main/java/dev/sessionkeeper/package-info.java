/**
 * The request API: {@link dev.sessionkeeper.SessionStore} and its
 * {@link dev.sessionkeeper.SessionStoreBuilder}, {@link dev.sessionkeeper.Session}, what a save
 * or a lock does ({@link dev.sessionkeeper.SaveResult}, {@link dev.sessionkeeper.LockedWork}),
 * sign-in policies and listings ({@link dev.sessionkeeper.LimitPolicy},
 * {@link dev.sessionkeeper.SessionInfo}), the store's counters and observer
 * ({@link dev.sessionkeeper.StoreStats}, {@link dev.sessionkeeper.StoreObserver}), and every
 * exception the store throws, all of them {@link dev.sessionkeeper.SessionKeeperException}s.
 *
 * <p>What this package guarantees is stated on each type: deadlines kept by Redis's clock, every
 * change made by one atomic script, calls that fail within the command timeout instead of
 * hanging. It is public API: it changes only compatibly within a major version.
 */
package dev.sessionkeeper;
