/**
 * What an operator reads about a store and its Redis: doctor's checks, the stats and worker reports, the
 * server's product and version, and the store's meters in Prometheus form with the worker's metrics server.
 */
package dev.sessionkeeper.app.ops;
