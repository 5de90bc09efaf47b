/**
 * The {@code sessionkeeper} command: {@link dev.sessionkeeper.app.Main}, the entry point the launcher and
 * the jar's manifest name. Its parts: {@code cli} (the picocli commands and what they print), {@code web}
 * (the web demo), {@code ops} (what operators read: doctor, stats, worker reports, metrics), {@code demo}
 * (the tour, the traffic simulator and the demo's own Redis) and {@code support} (shared display helpers).
 */
package dev.sessionkeeper.app;
