package dev.sessionkeeper.app.cli;

import dev.sessionkeeper.app.ops.WorkerReport;
import java.io.PrintWriter;

/**
 * A long operation over many items (bulk destroy, logout from a file) that shows its progress and stops after
 * the current item on Ctrl-C or SIGTERM, so that the operator knows exactly what was done.
 *
 * <p>Progress goes to stderr, so that stdout stays the result: on a terminal one line rewritten in place,
 * otherwise a line every tenth of the work.
 */
final class Interruptible implements AutoCloseable {

    private final PrintWriter err;
    private final String verb;
    private final long total;
    private final boolean tty;
    private final StopSignals signals;
    private long done;
    private long lastTenth;

    /** @param verb the past tense of what is done to each item, e.g. "destroyed" */
    Interruptible(PrintWriter err, String verb, long total) {
        this.err = err;
        this.verb = verb;
        this.total = total;
        this.tty = System.console() != null;
        this.signals = StopSignals.install();
    }

    /** False once a stop was asked for: the caller finishes the current item and leaves the loop. */
    boolean proceed() {
        return !signals.isRequested();
    }

    /** One more item handled. */
    void advance() {
        done++;
        if (tty) {
            err.print("\r  " + verb + " " + WorkerReport.count(done) + " of " + WorkerReport.count(total));
            err.flush();
        } else if (total >= 10 && done * 10 / total > lastTenth) {
            lastTenth = done * 10 / total;
            err.println("  " + WorkerReport.count(done) + " of " + WorkerReport.count(total) + " done");
            err.flush();
        }
    }

    /** What asked for the stop ("SIGINT", ...), or null when the work ran to its end. */
    String stopCause() {
        return signals.cause();
    }

    long done() {
        return done;
    }

    @Override
    public void close() {
        if (tty && done > 0) {
            err.println();
            err.flush();
        }
        signals.close();
    }
}
