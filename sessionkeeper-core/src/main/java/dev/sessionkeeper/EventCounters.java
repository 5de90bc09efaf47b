package dev.sessionkeeper;

import java.util.concurrent.atomic.LongAdder;

/** What the subscriptions of one store delivered, since it was built. */
final class EventCounters {
    final LongAdder delivered = new LongAdder();
    final LongAdder redelivered = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder deadLettered = new LongAdder();
}
