/**
 * The picocli commands ({@code demo}, {@code tour}, {@code worker}, {@code sessions}, {@code events},
 * {@code logout}, {@code stats}, {@code doctor}), their shared connection options, argument checks, tables,
 * stop signals and the handler that turns a failure into one line and an exit code.
 */
package dev.sessionkeeper.app.cli;
