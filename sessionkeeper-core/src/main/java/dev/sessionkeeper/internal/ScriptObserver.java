package dev.sessionkeeper.internal;

/** Told the duration of every script call, e.g. to time each operation in metrics. */
@FunctionalInterface
public interface ScriptObserver {

    /**
     * @param script the script's name, e.g. {@code find}
     * @param nanos from sending the call to its reply, NOSCRIPT retry included
     * @param failed true when the call failed
     */
    void called(String script, long nanos, boolean failed);
}
