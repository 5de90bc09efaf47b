package dev.sessionkeeper.internal;

import dev.sessionkeeper.StoreObserver;
import dev.sessionkeeper.expiry.ExpiryWorker;

import java.util.List;

/**
 * The observers given to one store's builder, told in turn. A store with none gets an observer
 * whose calls do nothing, so the engine never checks for one.
 */
public final class Observers implements StoreObserver {

    private final StoreObserver[] observers;

    private Observers(List<StoreObserver> observers) {
        this.observers = observers.toArray(StoreObserver[]::new);
    }

    /** One observer that tells all of {@code observers}, in order. */
    public static StoreObserver of(List<StoreObserver> observers) {
        return observers.size() == 1 ? observers.get(0) : new Observers(List.copyOf(observers));
    }

    /** Whether any observer is there to tell: when not, a call need not be timed. */
    static boolean none(StoreObserver observer) {
        return observer instanceof Observers o && o.observers.length == 0;
    }

    @Override
    public void scriptCalled(String script, long nanos, boolean failed) {
        for (StoreObserver o : observers) {
            o.scriptCalled(script, nanos, failed);
        }
    }

    @Override
    public void malformedId() {
        for (StoreObserver o : observers) {
            o.malformedId();
        }
    }

    @Override
    public void corruptSession() {
        for (StoreObserver o : observers) {
            o.corruptSession();
        }
    }

    @Override
    public void unslidRead() {
        for (StoreObserver o : observers) {
            o.unslidRead();
        }
    }

    @Override
    public void workerStarted(ExpiryWorker worker) {
        for (StoreObserver o : observers) {
            o.workerStarted(worker);
        }
    }

    @Override
    public void expired(long latenessMillis) {
        for (StoreObserver o : observers) {
            o.expired(latenessMillis);
        }
    }

    @Override
    public void delivered() {
        for (StoreObserver o : observers) {
            o.delivered();
        }
    }

    @Override
    public void redelivered() {
        for (StoreObserver o : observers) {
            o.redelivered();
        }
    }

    @Override
    public void failed() {
        for (StoreObserver o : observers) {
            o.failed();
        }
    }

    @Override
    public void deadLettered() {
        for (StoreObserver o : observers) {
            o.deadLettered();
        }
    }
}
