package dev.sessionkeeper.internal;

import dev.sessionkeeper.events.ConsumerGroupBuilder;
import dev.sessionkeeper.events.EventHandler;
import dev.sessionkeeper.events.SessionEvents;
import dev.sessionkeeper.events.Subscription;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/** The event log of one store, and the subscriptions it started (closed with the store). */
final class RedisSessionEvents implements SessionEvents {

    private final RedisConnection redis;
    private final ScriptRunner scripts;
    private final KeyLayout keys;
    private final StoreSettings settings;
    private final List<Subscription> open = new CopyOnWriteArrayList<>();

    RedisSessionEvents(RedisConnection redis, ScriptRunner scripts, KeyLayout keys, StoreSettings settings) {
        this.redis = redis;
        this.scripts = scripts;
        this.keys = keys;
        this.settings = settings;
    }

    @Override
    public ConsumerGroupBuilder group(String group) {
        return new ConsumerGroupBuilder(group, (config, handler) -> track(
                new GroupSubscription(redis, scripts, keys, settings, config, handler, settings.observer())).start());
    }

    @Override
    public Subscription broadcast(EventHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return track(new BroadcastSubscription(redis, scripts, keys, settings, handler)).start();
    }

    private <S extends ShardReaders> S track(S subscription) {
        open.add(subscription);
        subscription.onClose(() -> open.remove(subscription));
        return subscription;
    }

    void closeAll() {
        for (Subscription s : List.copyOf(open)) {
            s.close();
        }
    }
}
