/**
 * Small pieces every part of the command shares: how ids and URLs are redacted, how durations and times
 * are written and read, and the error for a port that is taken.
 */
package dev.sessionkeeper.app.support;
