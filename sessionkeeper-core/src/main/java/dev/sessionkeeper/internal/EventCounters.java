package dev.sessionkeeper.internal;

import java.util.concurrent.atomic.LongAdder;

/** What the subscriptions of one store delivered, since it was built. */
public final class EventCounters {
    public final LongAdder delivered = new LongAdder();
    public final LongAdder redelivered = new LongAdder();
    public final LongAdder failed = new LongAdder();
    public final LongAdder deadLettered = new LongAdder();
}
