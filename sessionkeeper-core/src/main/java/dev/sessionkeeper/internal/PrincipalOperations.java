package dev.sessionkeeper.internal;

import dev.sessionkeeper.DestroyReason;
import dev.sessionkeeper.LimitPolicy;
import dev.sessionkeeper.RedisUnavailableException;
import dev.sessionkeeper.SessionGoneException;
import dev.sessionkeeper.SessionInfo;
import dev.sessionkeeper.SessionKeeperException;
import dev.sessionkeeper.SessionLimitExceededException;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.codec.CodecException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Sign-in, id rotation and the principal index: everything that knows which user a session
 * belongs to. All of one principal's sessions live in the principal's shard, so each of these
 * operations is one script on one slot, except rotation, which may cross shards and therefore
 * runs as two scripts in the fail-closed order (the old id dies first).
 */
public final class PrincipalOperations {

    private static final Logger log = LoggerFactory.getLogger(SessionStore.class);

    private static final LuaScript ROTATE_OUT = LuaScript.load("rotate_out");
    private static final LuaScript ROTATE_IN = LuaScript.load("rotate_in");
    private static final LuaScript SESSIONS_OF = LuaScript.load("sessions_of");
    private static final LuaScript LOGOUT_ALL = LuaScript.load("logout_all");

    /**
     * Index entries one script call reads at most when it walks a principal's sessions (a page of
     * sessionsOf or of logout everywhere). This is the bound on one call's work however many
     * sessions a principal has: a page costs Redis about 1 to 1.5 ms (docs/benchmarks.md).
     */
    public static final int PAGE = 50;

    /**
     * Sessions one sign-in evicts at most. One is what a sign-in at the limit needs; more only
     * when a principal is far over the limit (the limit was lowered), and then it comes down by
     * this many per sign-in rather than in one unbounded call.
     */
    static final int EVICTIONS = 20;

    /**
     * The highest {@code maxSessionsPerPrincipal}: the limit check reads that many index entries
     * and {@link #LIMIT_SLACK} more (one ZSCORE each, about 1 ms for all of them).
     */
    public static final int MAX_LIMIT = 1000;

    /**
     * Entries the limit check reads beyond the limit: room for sessions past their deadline that
     * the worker has not ended yet, so that they cannot hide live ones from the count.
     */
    private static final int LIMIT_SLACK = 200;

    /** How long a reserved sign-in (see {@link #rotate}) lives unless it is completed. */
    static final long RESERVATION_MS = 60_000;

    private static final int ATTEMPTS = 32;

    private final RedisConnection redis;
    private final ScriptRunner scripts;
    private final KeyLayout keys;
    private final StoreSettings settings;
    private final SessionDecoder decoder;
    private final byte[] maxLen;
    private final byte[] snapshotSpec;
    /** The guess each page script starts from: see {@link #walkIndex}. */
    private final PrincipalPageMemo memo = new PrincipalPageMemo();

    PrincipalOperations(RedisConnection redis, ScriptRunner scripts, KeyLayout keys, StoreSettings settings,
                        SessionDecoder decoder) {
        this.redis = redis;
        this.scripts = scripts;
        this.keys = keys;
        this.settings = settings;
        this.decoder = decoder;
        this.maxLen = ScriptRunner.arg(settings.eventsMaxLength());
        this.snapshotSpec = ScriptRunner.arg(settings.snapshotSpec());
    }

    /**
     * Moves a session to a fresh id, in the principal's shard when there is a principal. The
     * old id is dead (with its 'rotated' event) before the new one is handed out. A session that
     * is gone by then is not an error: the caller gets a fresh session with only this request's
     * changes, which is what signing in on an expired page should do.
     *
     * <p>When the sign-in can be refused (a limit with {@link LimitPolicy#REFUSE_LOGIN}), the
     * refusal must come before the old id dies, so that a refused sign-in writes nothing and the
     * session stays as it was. The limit lives in the principal's shard and the old id usually
     * in another, so such a rotation takes three calls: reserve the new id under the limit (an
     * empty session with a short deadline), end the old id, then fill the reservation with the
     * data. Cut anywhere, it still fails closed: before the old id ends, the user is simply not
     * signed in and the reservation expires within {@link #RESERVATION_MS}; after, the old id is
     * dead and the new one was never handed out.
     */
    SessionState rotate(SessionState old, String principal, boolean fresh) {
        int shard = principal != null ? Principals.shard(principal, settings.shards())
                : SessionIds.shardOf(old.id());
        String newId = SessionIds.generate(shard);
        long idle = old.effectiveIdleTimeoutMs();
        boolean reserve = !fresh && principal != null && settings.maxSessionsPerPrincipal() > 0
                && settings.limitPolicy() == LimitPolicy.REFUSE_LOGIN;
        if (reserve) {
            admitted(rotateIn(newId, principal, shard, "create", "", Math.min(idle, RESERVATION_MS),
                    old.absoluteTimeoutMs(), old.id(), Map.of()), newId);
        }
        Map<String, byte[]> carried = new LinkedHashMap<>();
        String created = "";
        String predecessor = "";
        long absolute = old.absoluteTimeoutMs();
        if (!fresh) {
            String id = old.id();
            List<Object> reply = scripts.multi(ROTATE_OUT,
                    new String[] {keys.session(id), keys.due(id), keys.events(id), keys.principals(id)},
                    ScriptRunner.arg(id), ScriptRunner.arg(newId), maxLen, snapshotSpec);
            old.markGone();
            if (ScriptCode.of(ROTATE_OUT.name(), reply, ScriptCode.OK, ScriptCode.NONE) == ScriptCode.OK) {
                predecessor = id;
                try {
                    byte[] value = ScriptCode.bytes(ROTATE_OUT.name(), ScriptCode.array(ROTATE_OUT.name(), reply, 2), 1);
                    SessionHeader header = SessionHeader.parse(value);
                    decoder.attributes(SessionDecoder.body(value), carried, new LinkedHashMap<>());
                    created = Long.toString(header.created());
                    idle = header.idleMs();
                    absolute = header.absoluteMs();
                } catch (CodecException e) {
                    log.warn("session {} had undecodable data at rotation ({}); the new session starts empty",
                            SessionIds.redact(id), LogText.escape(e.getMessage()));
                    carried.clear();
                    created = "";
                }
            }
        }
        SessionState.Changes pending = old.pendingChanges();
        carried.keySet().removeAll(pending.removals());
        carried.putAll(pending.sets());
        if (pending.idleMs() >= 0) {
            idle = pending.idleMs();
        }
        List<Object> reply = rotateIn(newId, principal, shard, reserve ? "fill" : "create", created, idle, absolute,
                predecessor, carried);
        if (reserve && ScriptCode.of(ROTATE_IN.name(), reply) == ScriptCode.TAKEN) {
            throw new SessionGoneException("the sign-in did not complete: its reserved session "
                    + SessionIds.redact(newId) + " expired in between; the old session is ended, sign in again");
        }
        admitted(reply, newId);
        if (!fresh && old.principal() != null) {
            memo.removed(old.principal(), old.id());
        }
        if (principal != null) {
            memo.added(principal, newId);
        }
        // A draft signed in is done with too: a later save of it must not create a second,
        // anonymous session next to the signed-in one.
        old.markGone();
        return decoder.carried(newId, (Long) reply.get(3), (Long) reply.get(1), (Long) reply.get(2), idle, absolute,
                principal, carried);
    }

    /** Throws unless a rotate_in reply says the session was written. */
    private void admitted(List<Object> reply, String newId) {
        ScriptCode code = ScriptCode.of(ROTATE_IN.name(), reply, ScriptCode.OK, ScriptCode.TAKEN,
                ScriptCode.LIMIT_REACHED, ScriptCode.BACKLOG);
        if (code == ScriptCode.LIMIT_REACHED) {
            throw new SessionLimitExceededException(settings.maxSessionsPerPrincipal());
        }
        if (code == ScriptCode.BACKLOG) {
            throw new SessionKeeperException("the sign-in read " + reply.get(1) + " index entries of the principal, too"
                    + " many of them past their deadline to count its live sessions; an expiry worker (or sessionsOf)"
                    + " ends them, sign in again then");
        }
        if (code != ScriptCode.OK) {
            throw new SessionKeeperException("session id " + SessionIds.redact(newId) + " is already taken");
        }
    }

    /**
     * rotate_in, called again with the session keys it asks for (UNDECLARED: sessions the limit evicts),
     * at most {@link #ATTEMPTS} times.
     */
    private List<Object> rotateIn(String newId, String principal, int shard, String mode, String created, long idle,
                                  long absolute, String predecessor, Map<String, byte[]> carried) {
        int limit = principal == null ? 0 : settings.maxSessionsPerPrincipal();
        List<byte[]> args = new ArrayList<>(16 + 2 * carried.size());
        args.add(ScriptRunner.arg(newId));
        args.add(ScriptRunner.arg(principal == null ? "" : principal));
        args.add(ScriptRunner.arg(keys.sessionPrefix(shard)));
        args.add(ScriptRunner.arg(settings.graceMs()));
        args.add(maxLen);
        args.add(snapshotSpec);
        args.add(ScriptRunner.arg(settings.createdEvents() ? 1 : 0));
        args.add(ScriptRunner.arg(limit));
        args.add(ScriptRunner.arg(settings.limitPolicy() == LimitPolicy.REFUSE_LOGIN ? "refuse" : "evict"));
        args.add(ScriptRunner.arg(created));
        args.add(ScriptRunner.arg(idle));
        args.add(ScriptRunner.arg(absolute));
        args.add(ScriptRunner.arg(predecessor));
        args.add(ScriptRunner.arg(mode));
        args.add(ScriptRunner.arg(limit + LIMIT_SLACK));
        args.add(ScriptRunner.arg(EVICTIONS));
        carried.forEach((name, bytes) -> {
            args.add(WireFormat.attributeField(name));
            args.add(bytes);
        });
        byte[][] argv = args.toArray(byte[][]::new);
        List<String> declared = List.of();
        for (int attempt = 1; ; attempt++) {
            List<String> k = new ArrayList<>(4 + declared.size());
            k.add(keys.session(newId));
            k.add(keys.due(newId));
            k.add(keys.events(newId));
            k.add(keys.principals(newId));
            declared.forEach(id -> k.add(keys.sessionPrefix(shard) + id));
            List<Object> reply = scripts.multi(ROTATE_IN, k.toArray(String[]::new), argv);
            if (ScriptCode.of(ROTATE_IN.name(), reply) != ScriptCode.UNDECLARED) {
                return reply;
            }
            declared = ids(reply, 1);
            changed(attempt, "sign-in");
        }
    }

    /**
     * The principal's live sessions, a page of at most {@link #PAGE} per call: exact at one
     * instant for a principal with no more sessions than a page, exact page by page beyond.
     */
    List<SessionInfo> sessionsOf(String principal, String... attributes) {
        int shard = Principals.shard(principal, settings.shards());
        byte[] names = ScriptRunner.arg(JsonNames.array(attributes));
        List<SessionInfo> out = new ArrayList<>();
        walkIndex(shard, principal, "listing", SESSIONS_OF,
                (pageKeys, after) -> scripts.multi(SESSIONS_OF, pageKeys, ScriptRunner.arg(principal),
                        ScriptRunner.arg(keys.sessionPrefix(shard)), maxLen, snapshotSpec, names, after,
                        ScriptRunner.arg(PAGE)),
                reply -> {
                    List<String> listed = new ArrayList<>();
                    for (int i = 3; i + 4 < reply.size(); i += 5) {
                        SessionInfo info = info(reply, i);
                        out.add(info);
                        listed.add(info.id());
                    }
                    return listed;
                });
        return Collections.unmodifiableList(out);
    }

    /**
     * Walks the principal's index a page at a time. Each page's script is called at once with a
     * guess of the page's ids (what {@link #memo} last saw, else none) declared as session keys;
     * when an entry of the page is not declared, the script writes nothing and answers with the
     * page's ids, and the next call declares exactly those. So a page costs one call when the
     * guess holds (a principal this store listed or signed in, and no sign-in elsewhere since),
     * two otherwise, and an empty index one. This replaced a plain ZRANGEBYLEX of the page before
     * each script, which made every page two round trips. Each page's reply (status, ..., the
     * cursor at index 2) goes to {@code onPage}, which tells the ids left in the page's range for
     * the memo; the walk ends at an empty cursor.
     */
    private void walkIndex(int shard, String principal, String what, LuaScript pageScript,
                           BiFunction<String[], byte[], List<Object>> script, Function<List<Object>, List<String>> onPage) {
        String after = "";
        do {
            List<String> page = memo.guess(principal, after, PAGE);
            List<Object> reply;
            for (int attempt = 1; ; attempt++) {
                reply = script.apply(pageKeys(shard, page), ScriptRunner.arg(after));
                if (ScriptCode.of(pageScript.name(), reply, ScriptCode.OK, ScriptCode.UNDECLARED) == ScriptCode.OK) {
                    break;
                }
                page = ids(reply, 1);
                changed(attempt, what);
            }
            String next = new String((byte[]) reply.get(2), StandardCharsets.US_ASCII);
            memo.page(principal, after, next, onPage.apply(reply));
            after = next;
        } while (!after.isEmpty());
    }

    private SessionInfo info(List<Object> reply, int i) {
        String id = new String((byte[]) reply.get(i), StandardCharsets.US_ASCII);
        Map<String, Object> attrs = new LinkedHashMap<>();
        List<Object> flat = ScriptCode.nested(SESSIONS_OF.name(), reply, i + 4);
        for (int j = 0; j + 1 < flat.size(); j += 2) {
            String name = new String((byte[]) flat.get(j), StandardCharsets.UTF_8);
            try {
                attrs.put(name, settings.codec().decode((byte[]) flat.get(j + 1)));
            } catch (CodecException e) {
                log.warn("session {}: attribute '{}' cannot be decoded for the listing", SessionIds.redact(id),
                        LogText.escape(name));
            }
        }
        return new SessionInfo(id, Instant.ofEpochMilli((Long) reply.get(i + 1)),
                Instant.ofEpochMilli((Long) reply.get(i + 2)), Instant.ofEpochMilli((Long) reply.get(i + 3)),
                Collections.unmodifiableMap(attrs));
    }

    /**
     * Ends the principal's sessions (all but {@code keepId}, when given), a page of at most
     * {@link #PAGE} per call: one atomic step for a principal with no more sessions than a page;
     * beyond, page by page, so a session signed in while a long logout runs may survive it.
     */
    int logoutAll(String principal, String keepId) {
        int shard = Principals.shard(principal, settings.shards());
        byte[] keep = ScriptRunner.arg(keepId == null ? "" : keepId);
        byte[] reason = ScriptRunner.arg(DestroyReason.LOGOUT_EVERYWHERE.wireName());
        int[] destroyed = {0};
        walkIndex(shard, principal, "logout everywhere", LOGOUT_ALL,
                (pageKeys, after) -> scripts.multi(LOGOUT_ALL, pageKeys, ScriptRunner.arg(principal),
                        ScriptRunner.arg(keys.sessionPrefix(shard)), maxLen, snapshotSpec, reason, keep, after,
                        ScriptRunner.arg(PAGE)),
                reply -> {
                    destroyed[0] += (int) (long) (Long) reply.get(1);
                    return keepId == null ? List.of() : List.of(keepId);
                });
        return destroyed[0];
    }

    private String[] pageKeys(int shard, List<String> ids) {
        String[] k = new String[3 + ids.size()];
        k[0] = keys.due(shard);
        k[1] = keys.events(shard);
        k[2] = keys.principals(shard);
        for (int i = 0; i < ids.size(); i++) {
            k[3 + i] = keys.sessionPrefix(shard) + ids.get(i);
        }
        return k;
    }

    private static List<String> ids(List<Object> reply, int from) {
        List<String> ids = new ArrayList<>(reply.size() - from);
        for (int i = from; i < reply.size(); i++) {
            ids.add(new String((byte[]) reply.get(i), StandardCharsets.US_ASCII));
        }
        return ids;
    }

    /**
     * After a script found the principal's sessions changed since the page was read: gives up
     * after {@link #ATTEMPTS}, and from the second retry backs off for a random time that doubles
     * with each attempt (up to 64 ms), so that racing sign-ins of one principal, which invalidate
     * each other's reads, spread out instead of colliding again.
     */
    private static void changed(int attempt, String operation) {
        if (attempt >= ATTEMPTS) {
            throw new SessionKeeperException(operation + " gave up: the principal's sessions changed during each of "
                    + ATTEMPTS + " attempts");
        }
        if (attempt > 1) {
            try {
                Thread.sleep(ThreadLocalRandom.current().nextInt(1 << Math.min(attempt, 6)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RedisUnavailableException("interrupted during " + operation, e);
            }
        }
    }


    private String[] shardKeys(int shard) {
        return new String[] {keys.due(shard), keys.events(shard), keys.principals(shard)};
    }
}
