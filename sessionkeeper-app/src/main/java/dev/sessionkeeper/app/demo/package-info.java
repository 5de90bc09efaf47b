/**
 * The demonstrations: the narrated tour, the simulated traffic of the web demo, and the Redis the demo and
 * the tour start for themselves when none is named.
 */
package dev.sessionkeeper.app.demo;
