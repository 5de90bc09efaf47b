/**
 * Expiry workers: {@link dev.sessionkeeper.expiry.ExpiryWorker}, configured by
 * {@link dev.sessionkeeper.expiry.ExpiryWorkerBuilder} from
 * {@link dev.sessionkeeper.SessionStore#expiryWorker()}, with their figures
 * ({@link dev.sessionkeeper.expiry.WorkerStats}) and observer.
 *
 * <p>Sessions are unusable from their deadline whether or not a worker runs; a worker writes each
 * session's {@code expired} event on time, once, however many workers run. Public API.
 */
package dev.sessionkeeper.expiry;
