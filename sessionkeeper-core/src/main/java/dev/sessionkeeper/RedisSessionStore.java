package dev.sessionkeeper;

import dev.sessionkeeper.codec.CodecException;
import io.lettuce.core.ScriptOutputType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/** The store on Redis: each public operation is one script call (or none). */
final class RedisSessionStore implements SessionStore {

    private static final Logger log = LoggerFactory.getLogger(SessionStore.class);

    static final byte META = '@';
    static final byte ATTRIBUTE = '.';

    private static final LuaScript CREATE = LuaScript.load("create");
    private static final LuaScript FIND = LuaScript.load("find");
    private static final LuaScript SAVE = LuaScript.load("save");
    private static final LuaScript DESTROY = LuaScript.load("destroy");
    private static final LuaScript EXISTS = LuaScript.load("exists");
    private static final LuaScript COUNT = LuaScript.load("count");
    private static final LuaScript QUARANTINE = LuaScript.load("quarantine");

    private static final byte[] KEEP_IDLE = new byte[0];
    private static final byte[] ONE = ScriptRunner.arg(1);
    private static final byte[] ZERO = ScriptRunner.arg(0);

    private final RedisConnection redis;
    private final ScriptRunner scripts;
    private final KeyLayout keys;
    private final StoreSettings settings;
    private final LongAdder malformedIds = new LongAdder();
    private final LongAdder corruptSessions = new LongAdder();
    private final RedisSessionEvents events;
    private final List<RedisExpiryWorker> workers = new CopyOnWriteArrayList<>();
    private final List<ExpiryObserver> expiryObservers = new CopyOnWriteArrayList<>();
    private final byte[] maxLen;
    private final byte[] snapshotSpec;

    RedisSessionStore(RedisConnection redis, KeyLayout keys, StoreSettings settings) {
        this.redis = redis;
        this.scripts = new ScriptRunner(redis, settings.commandTimeout());
        this.keys = keys;
        this.settings = settings;
        this.events = new RedisSessionEvents(redis, scripts, keys, settings);
        scripts.preload(CREATE, FIND, SAVE, DESTROY, EXISTS);
        this.maxLen = ScriptRunner.arg(settings.eventsMaxLength());
        this.snapshotSpec = ScriptRunner.arg(settings.snapshotSpec());
        log.info("session store on {} ({}), namespace '{}', {} shards, idle {} ms, absolute {} ms",
                redis.location(), redis.isCluster() ? "cluster" : "standalone", keys.namespace(), settings.shards(),
                settings.idleMs(), settings.absoluteMs());
    }

    @Override
    public Session newSession() {
        String id = SessionIds.generate(SessionIds.randomShard(settings.shards()));
        return Session.draft(id, settings.codec(), settings.limits(), settings.idleMs(), settings.absoluteMs());
    }

    @Override
    public Session create() {
        Session session = newSession();
        save(session);
        return session;
    }

    @Override
    public Optional<Session> find(String id) {
        if (!accept(id)) {
            return Optional.empty();
        }
        List<Object> reply = scripts.multi(FIND,
                new String[] {keys.session(id), keys.due(id), keys.quarantine(id), keys.events(id)},
                ScriptRunner.arg(id), ScriptRunner.arg(settings.graceMs()), ScriptRunner.arg(settings.quarantineMs()),
                maxLen, snapshotSpec);
        long status = (Long) reply.get(0);
        if (status == 0) {
            return Optional.empty();
        }
        if (status < 0) {
            reportCorrupt(id, "its metadata is missing or not numeric");
            return Optional.empty();
        }
        try {
            return Optional.of(decode(id, (Long) reply.get(1), (Long) reply.get(2), castList(reply.get(3))));
        } catch (CodecException | NumberFormatException e) {
            scripts.integer(QUARANTINE,
                    new String[] {keys.session(id), keys.due(id), keys.quarantine(id), keys.events(id)},
                    ScriptRunner.arg(id), ScriptRunner.arg(settings.quarantineMs()), maxLen);
            reportCorrupt(id, e.getMessage());
            return Optional.empty();
        }
    }

    private Session decode(String id, long now, long deadline, List<Object> flat) {
        Map<String, Long> meta = new HashMap<>();
        Map<String, byte[]> stored = new HashMap<>();
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            byte[] field = (byte[]) flat.get(i);
            byte[] value = (byte[]) flat.get(i + 1);
            if (field.length > 0 && field[0] == ATTRIBUTE) {
                String name = new String(field, 1, field.length - 1, StandardCharsets.UTF_8);
                Object decoded = settings.codec().decode(value);
                if (decoded == null) {
                    throw new CodecException("attribute '" + name + "' is stored as JSON null");
                }
                stored.put(name, value);
                values.put(name, decoded);
            } else if (field.length > 0 && field[0] == META) {
                meta.put(new String(field, StandardCharsets.US_ASCII),
                        Long.parseLong(new String(value, StandardCharsets.US_ASCII)));
            } else {
                throw new CodecException("field '" + new String(field, StandardCharsets.UTF_8) + "' is neither metadata nor an attribute");
            }
        }
        return Session.loaded(id, settings.codec(), settings.limits(), meta.get("@c"), now, deadline,
                meta.get("@i"), meta.get("@x"), meta.get("@v"), stored, values);
    }

    @Override
    public SaveResult save(Session session) {
        if (session.isGone()) {
            return SaveResult.GONE;
        }
        if (!session.hasChanges()) {
            return SaveResult.UNCHANGED;
        }
        String id = session.id();
        Map<String, byte[]> sets = session.pendingSets();
        Set<String> removals = session.pendingRemovals();
        String[] scriptKeys = {keys.session(id), keys.due(id), keys.events(id)};
        if (session.isNew()) {
            List<byte[]> args = new ArrayList<>(6 + 2 * sets.size());
            args.add(ScriptRunner.arg(id));
            args.add(ScriptRunner.arg(session.idleTimeoutMs()));
            args.add(ScriptRunner.arg(session.absoluteTimeoutMs()));
            args.add(ScriptRunner.arg(settings.graceMs()));
            args.add(maxLen);
            args.add(settings.createdEvents() ? ONE : ZERO);
            addFields(args, sets);
            List<Object> reply = scripts.multi(CREATE, scriptKeys, args.toArray(byte[][]::new));
            if (reply.size() < 2) {
                // 144 random bits make this a near impossibility; refusing beats overwriting.
                throw new SessionKeeperException("session id " + SessionIds.redact(id) + " is already taken;"
                        + " check that the id generator is not seeded deterministically");
            }
            long now = (Long) reply.get(0);
            session.saved(sets, removals, -1, now, now, (Long) reply.get(1), 0);
            return SaveResult.SAVED;
        }
        long idle = session.pendingIdleTimeoutMs();
        List<byte[]> args = new ArrayList<>(6 + 2 * sets.size() + removals.size());
        args.add(ScriptRunner.arg(id));
        args.add(ScriptRunner.arg(settings.graceMs()));
        args.add(maxLen);
        args.add(snapshotSpec);
        args.add(idle >= 0 ? ScriptRunner.arg(idle) : KEEP_IDLE);
        args.add(ScriptRunner.arg(sets.size()));
        addFields(args, sets);
        for (String name : removals) {
            args.add(field(name));
        }
        List<Object> reply = scripts.multi(SAVE, scriptKeys, args.toArray(byte[][]::new));
        if ((Long) reply.get(0) == 0) {
            session.markGone();
            return SaveResult.GONE;
        }
        session.saved(sets, removals, idle, 0, 0, (Long) reply.get(2), (Long) reply.get(1));
        return SaveResult.SAVED;
    }

    private static void addFields(List<byte[]> args, Map<String, byte[]> sets) {
        sets.forEach((name, bytes) -> {
            args.add(field(name));
            args.add(bytes);
        });
    }

    private static byte[] field(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[utf8.length + 1];
        out[0] = ATTRIBUTE;
        System.arraycopy(utf8, 0, out, 1, utf8.length);
        return out;
    }

    @Override
    public boolean destroy(String id, DestroyReason reason) {
        if (!accept(id)) {
            return false;
        }
        return scripts.integer(DESTROY, new String[] {keys.session(id), keys.due(id), keys.events(id)},
                ScriptRunner.arg(id), ScriptRunner.arg(reason.wireName()), maxLen, snapshotSpec) == 1;
    }

    @Override
    public boolean exists(String id) {
        if (!accept(id)) {
            return false;
        }
        return scripts.integer(EXISTS, new String[] {keys.session(id)}) == 1;
    }

    @Override
    public long count() {
        List<CompletableFuture<Long>> perShard = new ArrayList<>(settings.shards());
        for (int shard = 0; shard < settings.shards(); shard++) {
            perShard.add(scripts.run(COUNT, ScriptOutputType.INTEGER, new String[] {keys.due(shard)}));
        }
        long total = 0;
        for (CompletableFuture<Long> f : perShard) {
            total += scripts.await(COUNT.name(), f);
        }
        return total;
    }

    @Override
    public StoreStats stats() {
        return new StoreStats(malformedIds.sum(), corruptSessions.sum());
    }

    @Override
    public SessionEvents events() {
        return events;
    }

    @Override
    public ExpiryWorkerBuilder expiryWorker() {
        return new ExpiryWorkerBuilder(settings.shards(), config -> {
            RedisExpiryWorker worker = new RedisExpiryWorker(scripts, keys, settings, config, expiryObservers);
            workers.add(worker);
            return worker.start();
        });
    }

    void observeExpiries(ExpiryObserver observer) {
        expiryObservers.add(observer);
    }

    /** Due sessions not yet expired, as this store's workers last saw them. */
    double workerBacklog() {
        return workers.stream().mapToLong(w -> w.stats().backlog()).sum();
    }

    EventCounters eventCounters() {
        return events.counters();
    }

    @Override
    public void close() {
        workers.forEach(RedisExpiryWorker::close);
        events.closeAll();
        redis.close();
    }

    private boolean accept(String id) {
        if (SessionIds.isWellFormed(id)) {
            return true;
        }
        // Malformed ids come from clients (stale or forged cookies): counted, logged quietly,
        // because a client can send any number of them.
        malformedIds.increment();
        log.debug("refused a malformed session id of length {}", id == null ? -1 : id.length());
        return false;
    }

    private void reportCorrupt(String id, String why) {
        corruptSessions.increment();
        log.warn("session {} is corrupt in Redis ({}); moved to {} for inspection, the request gets a fresh session",
                SessionIds.redact(id), why, keys.quarantine(SessionIds.redact(id)));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(Object o) {
        return (List<Object>) o;
    }
}
