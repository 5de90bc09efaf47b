package dev.sessionkeeper.internal;

import dev.sessionkeeper.events.EventHandler;
import dev.sessionkeeper.events.SessionEvents;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Every event to this instance: plain XREAD from the position each shard's stream had when
 * the subscription started. No group, no acknowledgement: what the instance misses while it
 * is down, it misses.
 */
final class BroadcastSubscription extends ShardReaders {

    private static final Logger log = LoggerFactory.getLogger(SessionEvents.class);
    private static final Duration BLOCK = Duration.ofSeconds(2);

    private final String[] positions;
    private final String name = "broadcast-" + UUID.randomUUID().toString().substring(0, 8);
    private final ScriptRunner scripts;

    BroadcastSubscription(RedisConnection redis, ScriptRunner scripts, KeyLayout keys, StoreSettings settings,
                          EventHandler handler) {
        super(redis, keys, settings, handler, BLOCK);
        this.scripts = scripts;
        this.positions = new String[settings.shards()];
    }

    BroadcastSubscription start() {
        return startOrClean(this, () -> {
            // Pin each shard's current end now: reading from "$" on every call would skip what
            // arrives between two reads.
            for (int shard = 0; shard < settings.shards(); shard++) {
                List<StreamMessage<String, byte[]>> last = scripts.await("broadcast start",
                        redis.commands().xrevrange(keys.events(shard), Range.create("-", "+"), Limit.from(1)));
                positions[shard] = last.isEmpty() ? "0-0" : last.get(0).getId();
            }
            startReaders("sk-" + name);
            log.info("{} reading {} shards", name, settings.shards());
        });
    }

    @Override
    public String group() {
        return null;
    }

    @Override
    public String consumer() {
        return name;
    }

    @Override
    void readOnce(int shard, RedisClusterCommands<String, byte[]> commands) {
        List<StreamMessage<String, byte[]>> batch = commands.xread(XReadArgs.Builder.block(BLOCK).count(100),
                XReadArgs.StreamOffset.from(keys.events(shard), positions[shard]));
        for (StreamMessage<String, byte[]> message : batch) {
            positions[shard] = message.getId();
            if (!running) {
                return;
            }
            try {
                handler.handle(decoder.decode(shard, message, 1));
            } catch (Exception e) {
                log.warn("{}: handler failed on event {}: {}", name, EventDecoder.eventId(shard, message.getId()),
                        LogText.escape(e));
            }
        }
    }
}
