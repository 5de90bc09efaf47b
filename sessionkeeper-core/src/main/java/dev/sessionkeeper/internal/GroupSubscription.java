package dev.sessionkeeper.internal;

import dev.sessionkeeper.RedisUnavailableException;
import dev.sessionkeeper.SessionKeeperException;
import dev.sessionkeeper.events.ConsumerGroupSettings;
import dev.sessionkeeper.events.DeliveryObserver;
import dev.sessionkeeper.events.EventHandler;
import dev.sessionkeeper.events.SessionEvent;
import dev.sessionkeeper.events.SessionEvents;
import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.models.stream.PendingMessage;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A consumer group over all shards' streams. Each shard's reader takes new events with
 * XREADGROUP and acknowledges each after the handler returns. A reclaimer takes over events
 * that stayed unacknowledged past the visibility timeout (their consumer died or hung) with
 * XAUTOCLAIM, and moves events past the maximum deliveries to the dead-letter stream.
 */
final class GroupSubscription extends ShardReaders {

    private static final Logger log = LoggerFactory.getLogger(SessionEvents.class);
    private static final LuaScript DEAD_LETTER = LuaScript.load("deadletter");
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final ConsumerGroupSettings config;
    private final ScriptRunner scripts;
    private final String consumer;
    private final DeliveryObserver observer;

    GroupSubscription(RedisConnection redis, ScriptRunner scripts, KeyLayout keys, StoreSettings settings,
                      ConsumerGroupSettings config, EventHandler handler, DeliveryObserver observer) {
        super(redis, keys, settings, handler, config.blockTime());
        this.config = config;
        this.scripts = scripts;
        this.observer = observer;
        this.consumer = consumerName();
    }

    GroupSubscription start() {
        return startOrClean(this, () -> {
            for (int shard = 0; shard < settings.shards(); shard++) {
                try {
                    ensureGroup(shard);
                } catch (RedisUnavailableException e) {
                    // A master that is down must not keep the group from the other shards: this
                    // shard's reader creates the group when its master answers again (NOGROUP).
                    log.warn("group '{}': shard {} is unavailable at start, its reader will create the group"
                            + " once it answers: {}", config.group(), SessionIds.shardTag(shard),
                            LogText.escape(e.getMessage()));
                }
            }
            String name = "sk-group-" + config.group();
            startReaders(name);
            long period = Math.max(100, config.visibilityTimeout().toMillis() / 4);
            int[] failures = new int[settings.shards()];
            startLoop(name + "-reclaim", () -> {
                pause(period);
                for (int shard = 0; shard < settings.shards() && running; shard++) {
                    // Each shard alone: one whose master is down must not keep the others' crashed
                    // consumers' events from being reclaimed. It is simply tried again next period.
                    try {
                        reclaim(shard);
                        failures[shard] = 0;
                    } catch (RuntimeException e) {
                        if (running && (++failures[shard] == 1 || failures[shard] % 60 == 0)) {
                            log.warn("{}-reclaim: shard {} failed ({} in a row; the other shards go on): {}", name,
                                    SessionIds.shardTag(shard), failures[shard],
                                    LogText.escape(RedisConnection.rootMessage(e)));
                        }
                    }
                }
            });
            log.info("consumer '{}' of group '{}' reading {} shards (visibility timeout {} ms, max deliveries {})",
                    consumer, config.group(), settings.shards(), config.visibilityTimeout().toMillis(),
                    config.maxDeliveries());
        });
    }

    @Override
    public String group() {
        return config.group();
    }

    @Override
    public String consumer() {
        return consumer;
    }

    @Override
    void readOnce(int shard, RedisClusterCommands<String, byte[]> commands) {
        List<StreamMessage<String, byte[]>> batch;
        try {
            batch = commands.xreadgroup(Consumer.from(config.group(), consumer),
                    XReadArgs.Builder.block(config.blockTime()).count(config.batchSize()),
                    XReadArgs.StreamOffset.lastConsumed(keys.events(shard)));
        } catch (RedisCommandExecutionException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("NOGROUP")) {
                // The stream or group vanished (Redis restarted without persistence, or an
                // operator deleted it): recreate it and go on.
                ensureGroup(shard);
                return;
            }
            throw e;
        }
        for (StreamMessage<String, byte[]> message : batch) {
            if (!running) {
                return;
            }
            deliver(shard, message, 1);
        }
    }

    private void reclaim(int shard) {
        String stream = keys.events(shard);
        for (StreamMessage<String, byte[]> message : autoclaim(shard, stream)) {
            if (!running) {
                return;
            }
            List<PendingMessage> pending = await(redis.commands().xpending(stream, config.group(),
                    Range.create(message.getId(), message.getId()), Limit.from(1)));
            int deliveries = pending.isEmpty() ? 1 : (int) pending.get(0).getRedeliveryCount();
            if (deliveries > config.maxDeliveries()) {
                deadLetter(shard, message.getId(), deliveries, "failed " + (deliveries - 1) + " deliveries");
            } else {
                observer.redelivered();
                deliver(shard, message, deliveries);
            }
        }
    }

    /**
     * XAUTOCLAIM, with its reply read by hand. For an entry that retention trimmed while it was
     * pending, Redis 6.2 claims the entry but answers a bare nil in its place (no id), and
     * Lettuce's own parser drops the nil; the entry would then stay pending forever, claimed
     * again each period. So when nils come back, the trimmed entries among this consumer's
     * pending ones are found and acknowledged. Redis 7.0 removes such entries from the pending
     * list itself (and lists their ids in a third element): no nils, nothing more to do.
     */
    private List<StreamMessage<String, byte[]>> autoclaim(int shard, String stream) {
        CommandArgs<String, byte[]> args = new CommandArgs<>(CODEC).addKey(stream).add(config.group()).add(consumer)
                .add(config.visibilityTimeout().toMillis()).add("0-0").add("COUNT").add(config.batchSize());
        List<Object> reply = await(redis.commands().dispatch(CommandType.XAUTOCLAIM, new NestedMultiOutput<>(CODEC), args));
        List<StreamMessage<String, byte[]>> out = new ArrayList<>();
        if (reply.size() < 2 || !(reply.get(1) instanceof List<?> entries)) {
            return out;
        }
        int trimmed = 0;
        for (Object e : entries) {
            if (!(e instanceof List<?> entry) || entry.size() < 2 || !(entry.get(0) instanceof byte[] id)
                    || !(entry.get(1) instanceof List<?> fields)) {
                trimmed++;
                continue;
            }
            Map<String, byte[]> body = new LinkedHashMap<>();
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                body.put(new String((byte[]) fields.get(i), StandardCharsets.UTF_8), (byte[]) fields.get(i + 1));
            }
            out.add(new StreamMessage<>(stream, new String(id, StandardCharsets.US_ASCII), body));
        }
        if (trimmed > 0) {
            acknowledgeTrimmed(shard, stream, trimmed, out);
        }
        return out;
    }

    /**
     * Acknowledges this consumer's pending entries that are no longer in the stream. It looks at
     * most at {@code trimmed} plus two batches of them (its readers may hold a batch each);
     * any it misses come back in a later period, claimed again.
     */
    private void acknowledgeTrimmed(int shard, String stream, int trimmed, List<StreamMessage<String, byte[]>> claimed) {
        Set<String> live = new HashSet<>();
        claimed.forEach(m -> live.add(m.getId()));
        List<PendingMessage> mine = await(redis.commands().xpending(stream, Consumer.from(config.group(), consumer),
                Range.unbounded(), Limit.from(trimmed + 2L * config.batchSize())));
        List<String> ids = new ArrayList<>();
        List<RedisFuture<List<StreamMessage<String, byte[]>>>> lookups = new ArrayList<>();
        for (PendingMessage p : mine) {
            if (!live.contains(p.getId())) {
                ids.add(p.getId());
                lookups.add(redis.commands().xrange(stream, Range.create(p.getId(), p.getId())));
            }
        }
        for (int i = 0; i < ids.size(); i++) {
            if (await(lookups.get(i)).isEmpty()) {
                ack(shard, ids.get(i));
            }
        }
    }

    private void deliver(int shard, StreamMessage<String, byte[]> message, int deliveries) {
        if (message.getBody() == null || message.getBody().isEmpty()) {
            // Trimmed from the stream while it waited: nothing left to deliver.
            ack(shard, message.getId());
            return;
        }
        SessionEvent event;
        try {
            event = decoder.decode(shard, message, deliveries);
        } catch (RuntimeException e) {
            deadLetter(shard, message.getId(), deliveries, "unreadable event: " + e.getMessage());
            return;
        }
        try {
            handler.handle(event);
        } catch (Exception e) {
            observer.failed();
            log.warn("group '{}': handler failed on {} (delivery {} of {}): {}", config.group(), LogText.escape(event),
                    deliveries, config.maxDeliveries(), LogText.escape(e));
            return;
        }
        observer.delivered();
        ack(shard, message.getId());
    }

    private void ack(int shard, String entryId) {
        try {
            await(redis.commands().xack(keys.events(shard), config.group(), entryId));
        } catch (RuntimeException e) {
            // The event stays pending and comes back after the visibility timeout: at least once.
            log.warn("group '{}': could not acknowledge {}: {}", config.group(), EventDecoder.eventId(shard, entryId),
                    LogText.escape(RedisConnection.rootMessage(e)));
        }
    }

    private void deadLetter(int shard, String entryId, int deliveries, String why) {
        scripts.integer(DEAD_LETTER, new String[] {keys.events(shard), keys.deadLetters(shard)},
                ScriptRunner.arg(config.group()), ScriptRunner.arg(entryId), ScriptRunner.arg(deliveries),
                ScriptRunner.arg(settings.eventsMaxLength()), ScriptRunner.arg(why));
        observer.deadLettered();
        log.warn("group '{}': event {} moved to the dead-letter stream {} ({})", config.group(),
                EventDecoder.eventId(shard, entryId), keys.deadLetters(shard), LogText.escape(why));
    }

    private void ensureGroup(int shard) {
        try {
            await(redis.commands().xgroupCreate(
                    XReadArgs.StreamOffset.from(keys.events(shard), config.fromStart() ? "0-0" : "$"),
                    config.group(), XGroupCreateArgs.Builder.mkstream()));
        } catch (SessionKeeperException e) {
            if (e.getCause() == null || !String.valueOf(e.getCause().getMessage()).startsWith("BUSYGROUP")) {
                throw e;
            }
        }
    }

    private <T> T await(RedisFuture<T> future) {
        return scripts.await("event group " + config.group(), future);
    }

    private static String consumerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "host";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
