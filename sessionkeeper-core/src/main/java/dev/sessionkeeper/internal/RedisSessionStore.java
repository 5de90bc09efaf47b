package dev.sessionkeeper.internal;

import dev.sessionkeeper.RedisUnavailableException;
import dev.sessionkeeper.Session;
import dev.sessionkeeper.SessionStoreBuilder;
import dev.sessionkeeper.DestroyReason;
import dev.sessionkeeper.LockLostException;
import dev.sessionkeeper.SaveResult;
import dev.sessionkeeper.SessionGoneException;
import dev.sessionkeeper.SessionInfo;
import dev.sessionkeeper.SessionKeeperException;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.StoreStats;
import dev.sessionkeeper.events.SessionEvents;
import dev.sessionkeeper.expiry.ExpiryWorkerBuilder;
import dev.sessionkeeper.inspect.SessionInspector;
import dev.sessionkeeper.codec.CodecException;
import io.lettuce.core.ScriptOutputType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The store on Redis: each public operation is one script call (or none). Sign-ins and the
 * principal index live in {@link PrincipalOperations}, locks in {@link SessionLocks}.
 *
 * <p>The engine's entry point: {@link dev.sessionkeeper.SessionStoreBuilder} opens it, and the
 * {@link SessionStore} the application holds is a view over it that turns its
 * {@link SessionState}s into {@link dev.sessionkeeper.Session}s. It works on change records only,
 * never on the API's session objects.
 */
public final class RedisSessionStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionStore.class);

    private static final LuaScript CREATE = LuaScript.load("create");

    /** create.lua's reply: OK with Redis's now and the deadline, or TAKEN. */
    record CreateReply(boolean taken, long now, long deadline) {
        static CreateReply parse(Object reply) {
            List<Object> r = ScriptCode.array(CREATE.name(), reply, 1);
            if (ScriptCode.of(CREATE.name(), r, ScriptCode.OK, ScriptCode.TAKEN) == ScriptCode.TAKEN) {
                return new CreateReply(true, 0, 0);
            }
            ScriptCode.array(CREATE.name(), reply, 3);
            return new CreateReply(false, ScriptCode.integer(CREATE.name(), r, 1), ScriptCode.integer(CREATE.name(), r, 2));
        }
    }

    private static final LuaScript FIND = LuaScript.load("find");

    /**
     * find.lua's reply: OK with now, the new deadline, the value as stored (before the touch) and
     * whether the slide was skipped; NONE; CORRUPT with why (the script's judgement, quoting data:
     * escape it to log it).
     */
    record FindReply(ScriptCode code, long now, long deadline, byte[] value, boolean unslid, String why) {
        static FindReply parse(Object reply) {
            List<Object> r = ScriptCode.array(FIND.name(), reply, 1);
            ScriptCode code = ScriptCode.of(FIND.name(), r, ScriptCode.OK, ScriptCode.NONE, ScriptCode.CORRUPT);
            if (code == ScriptCode.CORRUPT) {
                String why = r.size() > 1 && r.get(1) instanceof byte[] b ? new String(b, StandardCharsets.UTF_8)
                        : "the script gave no reason";
                return new FindReply(code, 0, 0, EMPTY, false, why);
            }
            if (code != ScriptCode.OK) {
                return new FindReply(code, 0, 0, EMPTY, false, null);
            }
            ScriptCode.array(FIND.name(), reply, 4);
            return new FindReply(code, ScriptCode.integer(FIND.name(), r, 1), ScriptCode.integer(FIND.name(), r, 2),
                    ScriptCode.bytes(FIND.name(), r, 3), r.size() > 4, null);
        }
    }

    private static final LuaScript SAVE = LuaScript.load("save");

    /** save.lua's reply: OK with the new version and deadline; NONE (gone); CONFLICT with the current version; LOCK_LOST. */
    record SaveReply(ScriptCode code, long version, long deadline) {
        static SaveReply parse(Object reply) {
            List<Object> r = ScriptCode.array(SAVE.name(), reply, 1);
            ScriptCode code = ScriptCode.of(SAVE.name(), r, ScriptCode.OK, ScriptCode.NONE, ScriptCode.CONFLICT,
                    ScriptCode.LOCK_LOST);
            return switch (code) {
                case OK -> {
                    ScriptCode.array(SAVE.name(), reply, 3);
                    yield new SaveReply(code, ScriptCode.integer(SAVE.name(), r, 1), ScriptCode.integer(SAVE.name(), r, 2));
                }
                case CONFLICT -> new SaveReply(code, ScriptCode.integer(SAVE.name(), ScriptCode.array(SAVE.name(), reply, 2), 1), 0);
                default -> new SaveReply(code, 0, 0);
            };
        }
    }

    private static final LuaScript DESTROY = LuaScript.load("destroy");
    private static final LuaScript EXISTS = LuaScript.loadReadOnly("exists");
    private static final LuaScript COUNT = LuaScript.loadReadOnly("count");

    private static final long UNSLID_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] ONE = ScriptRunner.arg(1);
    private static final byte[] ZERO = ScriptRunner.arg(0);

    private final RedisConnection redis;
    private final ScriptRunner scripts;
    private final KeyLayout keys;
    private final StoreSettings settings;
    private final SessionDecoder decoder;
    private final PrincipalOperations principals;
    private final SessionLocks locks;
    private final LongAdder malformedIds = new LongAdder();
    private final LongAdder corruptSessions = new LongAdder();
    private final LongAdder unslidReads = new LongAdder();
    // Reads without a slide come in floods (every request while Redis is full): one line a minute.
    private final AtomicLong unslidLoggedAt = new AtomicLong(System.nanoTime() - UNSLID_LOG_INTERVAL_NANOS);
    private final RedisSessionEvents events;
    private final RedisSessionInspector inspector;
    private final List<RedisExpiryWorker> workers = new CopyOnWriteArrayList<>();
    private final byte[] maxLen;
    private final byte[] snapshotSpec;

    /** Work done under a session's lock, on its change record; see {@link SessionStore#withLock}. */
    @FunctionalInterface
    public interface LockedCall<T> {
        T run(SessionState session) throws Exception;
    }

    /**
     * Connects to Redis and checks the namespace: the store, or an exception with no connection
     * left open (a store that refuses to start, on another storage format or shard count).
     *
     * @throws dev.sessionkeeper.RedisUnavailableException when Redis cannot be reached
     */
    public static RedisSessionStore open(StoreSettings settings) {
        StoreSettings.Connection c = settings.connection();
        KeyLayout keys = new KeyLayout(c.namespace());
        RedisLocation location = RedisLocation.parse(c.redisUrl());
        RedisConnection connection = RedisConnection.open(location, c.commandTimeout(), c.connectTimeout(),
                c.caCertificate());
        try {
            return new RedisSessionStore(connection, keys, settings);
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private RedisSessionStore(RedisConnection redis, KeyLayout keys, StoreSettings settings) {
        this.redis = redis;
        this.scripts = new ScriptRunner(redis, settings.commandTimeout(), settings.replicationWait(), settings.observer());
        this.keys = keys;
        this.settings = settings;
        this.decoder = new SessionDecoder(settings);
        this.maxLen = ScriptRunner.arg(settings.eventsMaxLength());
        this.snapshotSpec = ScriptRunner.arg(settings.snapshotSpec());
        this.principals = new PrincipalOperations(redis, scripts, keys, settings, decoder);
        this.locks = new SessionLocks(scripts, keys);
        this.events = new RedisSessionEvents(redis, scripts, keys, settings);
        this.inspector = new RedisSessionInspector(redis, scripts, keys, settings);
        StorageFormat.verify(redis, scripts, keys);
        checkShardCount();
        scripts.preload(CREATE, FIND, SAVE, DESTROY, EXISTS);
        log.info("session store on {} ({}), namespace '{}', {} shards, idle {} ms, absolute {} ms",
                redis.location(), redis.isCluster() ? "cluster" : "standalone", keys.namespace(), settings.shards(),
                settings.idleMs(), settings.absoluteMs());
    }

    /**
     * A principal's shard is computed from the shard count, so every instance must use the same
     * count for a namespace, or one user's sessions would scatter over shards their index does
     * not cover. The first store records the count; a store with another count refuses to start.
     */
    private void checkShardCount() {
        byte[] mine = ScriptRunner.arg(settings.shards());
        scripts.await("SET " + keys.shardCount(), redis.commands().setnx(keys.shardCount(), mine));
        byte[] recorded = scripts.await("GET " + keys.shardCount(), redis.commands().get(keys.shardCount()));
        if (recorded != null && !Arrays.equals(recorded, mine)) {
            throw new IllegalStateException("namespace '" + keys.namespace() + "' is in use with "
                    + new String(recorded, StandardCharsets.US_ASCII) + " shards, but this store is"
                    + " configured with " + settings.shards() + "; every instance of a namespace must use the same"
                    + " shard count (or use a new namespace)");
        }
    }

    public SessionState newSession() {
        String id = SessionIds.generate(SessionIds.randomShard(settings.shards()));
        return SessionState.draft(id, settings.codec(), settings.limits(), settings.idleMs(), settings.absoluteMs());
    }

    public Optional<SessionState> find(String id) {
        if (!accept(id)) {
            return Optional.empty();
        }
        FindReply reply = FindReply.parse(scripts.multi(FIND, sessionKeys(id, keys.quarantine(id)),
                ScriptRunner.arg(id), ScriptRunner.arg(settings.graceMs()), ScriptRunner.arg(settings.quarantineMs()),
                maxLen, snapshotSpec));
        if (reply.code() == ScriptCode.NONE) {
            return Optional.empty();
        }
        if (reply.code() == ScriptCode.CORRUPT) {
            reportCorrupt(id, reply.why());
            return Optional.empty();
        }
        if (reply.unslid()) {
            reportUnslid();
        }
        // find.lua is the one judge of a corrupt value and has already quarantined any it met, in
        // the same atomic step; what it returns as live decodes (an attribute the codec cannot
        // read is kept as bytes, not refused). A failure here is a broken script contract, a bug:
        // it fails the request rather than moving data a second script cannot judge atomically.
        // The message names neither the data nor the whole id.
        try {
            return Optional.of(decoder.decode(id, reply.now(), reply.deadline(), reply.value()));
        } catch (CodecException e) {
            throw new IllegalStateException("find.lua returned session " + SessionIds.redact(id)
                    + " as live, but its value breaks the script's contract (include/meta.lua's read_session refuses"
                    + " such a value): a bug in the script or the decoder, not corrupt data");
        }
    }

    /** Writes what changed; with {@code checkVersion}, only if nobody saved the session since it was loaded. */
    public SaveResult save(SessionState session, boolean checkVersion) {
        if (session.isGone()) {
            return SaveResult.GONE;
        }
        if (!session.hasChanges()) {
            return SaveResult.UNCHANGED;
        }
        String id = session.id();
        SessionState.Changes changes = session.pendingChanges();
        Map<String, byte[]> sets = changes.sets();
        Set<String> removals = changes.removals();
        if (session.isNew()) {
            List<byte[]> args = new ArrayList<>(6 + 2 * sets.size());
            args.add(ScriptRunner.arg(id));
            args.add(ScriptRunner.arg(session.idleTimeoutMs()));
            args.add(ScriptRunner.arg(session.absoluteTimeoutMs()));
            args.add(ScriptRunner.arg(settings.graceMs()));
            args.add(maxLen);
            args.add(settings.createdEvents() ? ONE : ZERO);
            addFields(args, sets);
            CreateReply reply = CreateReply.parse(scripts.multi(CREATE,
                    new String[] {keys.session(id), keys.due(id), keys.events(id)}, args.toArray(byte[][]::new)));
            if (reply.taken()) {
                // 144 random bits make this a near impossibility; refusing beats overwriting.
                throw new SessionKeeperException("session id " + SessionIds.redact(id) + " is already taken;"
                        + " check that the id generator is not seeded deterministically");
            }
            session.created(changes, reply.now(), reply.deadline());
            deadlineSet(id, reply.deadline());
            return SaveResult.SAVED;
        }
        long idle = changes.idleMs();
        List<byte[]> args = new ArrayList<>(8 + 2 * sets.size() + removals.size());
        args.add(ScriptRunner.arg(id));
        args.add(ScriptRunner.arg(settings.graceMs()));
        args.add(maxLen);
        args.add(snapshotSpec);
        args.add(checkVersion ? ScriptRunner.arg(session.version()) : EMPTY);
        args.add(ScriptRunner.arg(session.fence()));
        args.add(idle >= 0 ? ScriptRunner.arg(idle) : EMPTY);
        args.add(ScriptRunner.arg(sets.size()));
        addFields(args, sets);
        for (String name : removals) {
            args.add(WireFormat.attributeField(name));
        }
        SaveReply reply = SaveReply.parse(scripts.multi(SAVE, sessionKeys(id, keys.lock(id)), args.toArray(byte[][]::new)));
        switch (reply.code()) {
            case NONE -> {
                session.markGone();
                return SaveResult.GONE;
            }
            case CONFLICT -> {
                return SaveResult.CONFLICT;
            }
            case LOCK_LOST -> {
                return SaveResult.LOCK_LOST;
            }
            default -> {
                session.saved(changes, reply.deadline(), reply.version());
                deadlineSet(id, reply.deadline());
                return SaveResult.SAVED;
            }
        }
    }

    private static void addFields(List<byte[]> args, Map<String, byte[]> sets) {
        sets.forEach((name, bytes) -> {
            args.add(WireFormat.attributeField(name));
            args.add(bytes);
        });
    }

    public boolean destroy(String id, DestroyReason reason) {
        if (!accept(id)) {
            return false;
        }
        return ScriptCode.of(DESTROY.name(), scripts.integer(DESTROY, sessionKeys(id), ScriptRunner.arg(id),
                ScriptRunner.arg(reason.wireName()), maxLen, snapshotSpec), ScriptCode.OK, ScriptCode.NONE) == ScriptCode.OK;
    }

    public boolean exists(String id) {
        if (!accept(id)) {
            return false;
        }
        return ScriptCode.of(EXISTS.name(), scripts.integer(EXISTS, new String[] {keys.session(id)}), ScriptCode.OK,
                ScriptCode.NONE) == ScriptCode.OK;
    }

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

    public SessionState login(SessionState session, String principal) {
        Principals.check(principal);
        return rotated(principals.rotate(session, principal, session.isNew()));
    }

    public SessionState rotate(SessionState session) {
        if (session.isNew()) {
            throw new IllegalStateException("a new session has no id to rotate yet: save it first");
        }
        return rotated(principals.rotate(session, session.principal(), false));
    }

    public List<SessionInfo> sessionsOf(String principal, String... attributes) {
        Principals.check(principal);
        return principals.sessionsOf(principal, attributes);
    }

    public int logoutEverywhere(String principal) {
        Principals.check(principal);
        return principals.logoutAll(principal, null);
    }

    public int logoutOthers(String principal, String keepId) {
        Principals.check(principal);
        return principals.logoutAll(principal, keepId);
    }

    /**
     * Loads the session under its lock, runs the work on it, and saves it fenced by the lock; see
     * {@link SessionStore#withLock}.
     */
    public <T> T withLock(String id, Duration lease, Duration maxWait, LockedCall<T> work) {
        Durations.positiveMillis("lease", lease);
        Objects.requireNonNull(maxWait, "maxWait");
        if (!accept(id)) {
            throw new SessionGoneException("session id is malformed");
        }
        return locks.withLock(id, lease, maxWait, fence -> {
            SessionState session = find(id).orElseThrow(() ->
                    new SessionGoneException("session " + SessionIds.redact(id) + " ended while its lock was taken"));
            session.fence(fence);
            T result;
            try {
                result = work.run(session);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new SessionKeeperException("work under the lock of session " + SessionIds.redact(id) + " failed", e);
            }
            SaveResult saved = save(session, false);
            if (saved == SaveResult.LOCK_LOST) {
                throw new LockLostException("the lock on session " + SessionIds.redact(id) + " ran out (lease "
                        + lease.toMillis() + " ms) before the work saved; nothing was written");
            }
            if (saved == SaveResult.GONE) {
                throw new SessionGoneException("session " + SessionIds.redact(id) + " ended while the work ran");
            }
            return result;
        });
    }

    public StoreStats stats() {
        return new StoreStats(malformedIds.sum(), corruptSessions.sum(), unslidReads.sum());
    }

    public SessionEvents events() {
        return events;
    }

    public SessionInspector inspector() {
        return inspector;
    }

    public ExpiryWorkerBuilder expiryWorker() {
        return new ExpiryWorkerBuilder(settings.shards(), config -> {
            StorageFormat.verify(redis, scripts, keys);
            RedisExpiryWorker worker = new RedisExpiryWorker(scripts, keys, settings, config, settings.observer());
            workers.add(worker);
            return worker.start();
        });
    }

    @Override
    public void close() {
        workers.forEach(RedisExpiryWorker::close);
        events.closeAll();
        locks.close();
        redis.close();
    }

    private SessionState rotated(SessionState successor) {
        Instant deadline = successor.expiresAt();
        if (deadline != null) {
            deadlineSet(successor.id(), deadline.toEpochMilli());
        }
        return successor;
    }

    /**
     * A write gave a session a deadline, which may be earlier than this process's workers mean
     * to wake (a shortened idle timeout, a rotation, a short-lived new session): they are told,
     * so its event is not late by up to a whole sleep.
     */
    private void deadlineSet(String id, long deadline) {
        if (workers.isEmpty()) {
            return;
        }
        int shard = SessionIds.shardOf(id);
        for (RedisExpiryWorker worker : workers) {
            worker.deadlineAt(shard, deadline);
        }
    }

    /** The keys every script on one session takes, in order, then the extras it needs. */
    private String[] sessionKeys(String id, String... extra) {
        String[] out = new String[4 + extra.length];
        out[0] = keys.session(id);
        out[1] = keys.due(id);
        out[2] = keys.events(id);
        out[3] = keys.principals(id);
        System.arraycopy(extra, 0, out, 4, extra.length);
        return out;
    }

    private boolean accept(String id) {
        if (SessionIds.isWellFormed(id)) {
            return true;
        }
        // Malformed ids come from clients (stale or forged cookies): counted, logged quietly,
        // because a client can send any number of them.
        malformedIds.increment();
        settings.observer().malformedId();
        log.debug("refused a malformed session id of length {}", id == null ? -1 : id.length());
        return false;
    }

    private void reportUnslid() {
        unslidReads.increment();
        settings.observer().unslidRead();
        long now = System.nanoTime();
        long last = unslidLoggedAt.get();
        if (now - last >= UNSLID_LOG_INTERVAL_NANOS && unslidLoggedAt.compareAndSet(last, now)) {
            log.warn("Redis at {} is out of memory (maxmemory reached, policy noeviction): sessions are read without"
                    + " moving their idle deadline and every write fails; {} such reads so far (logged at most once a"
                    + " minute)", redis.location(), unslidReads.sum());
        }
    }

    private void reportCorrupt(String id, String why) {
        corruptSessions.increment();
        settings.observer().corruptSession();
        log.warn("session {} is corrupt in Redis ({}); moved to {}:{{{}}}:corrupt:{} for inspection,"
                        + " the request gets a fresh session",
                SessionIds.redact(id), LogText.escape(why), keys.namespace(), SessionIds.shardTagOf(id), SessionIds.redact(id));
    }
}
