package dev.sessionkeeper;

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

/**
 * Sign-in, id rotation and the principal index: everything that knows which user a session
 * belongs to. All of one principal's sessions live in the principal's shard, so each of these
 * operations is one script on one slot, except rotation, which may cross shards and therefore
 * runs as two scripts in the fail-closed order (the old id dies first).
 */
final class PrincipalOperations {

    private static final Logger log = LoggerFactory.getLogger(SessionStore.class);

    private static final LuaScript ROTATE_OUT = LuaScript.load("rotate_out");
    private static final LuaScript ROTATE_IN = LuaScript.load("rotate_in");
    private static final LuaScript SESSIONS_OF = LuaScript.load("sessions_of");
    private static final LuaScript LOGOUT_ALL = LuaScript.load("logout_all");

    private final ScriptRunner scripts;
    private final KeyLayout keys;
    private final StoreSettings settings;
    private final SessionDecoder decoder;
    private final byte[] maxLen;
    private final byte[] snapshotSpec;

    PrincipalOperations(ScriptRunner scripts, KeyLayout keys, StoreSettings settings, SessionDecoder decoder) {
        this.scripts = scripts;
        this.keys = keys;
        this.settings = settings;
        this.decoder = decoder;
        this.maxLen = ScriptRunner.arg(settings.eventsMaxLength());
        this.snapshotSpec = ScriptRunner.arg(settings.snapshotSpec());
    }

    /**
     * Moves a session to a fresh id, in the principal's shard when there is a principal. The
     * old id is dead (with its 'rotated' event) before the new one exists. A session that is
     * gone by then is not an error: the caller gets a fresh session with only this request's
     * changes, which is what signing in on an expired page should do.
     */
    Session rotate(Session old, String principal, boolean fresh) {
        int shard = principal != null ? Principals.shard(principal, settings.shards())
                : Integer.parseInt(old.id().substring(0, SessionIds.SHARD_DIGITS));
        String newId = SessionIds.generate(shard);
        Map<String, byte[]> carried = new LinkedHashMap<>();
        String created = "";
        long idle = old.idleTimeoutMs();
        long absolute = old.absoluteTimeoutMs();
        if (!fresh) {
            String id = old.id();
            List<Object> reply = scripts.multi(ROTATE_OUT,
                    new String[] {keys.session(id), keys.due(id), keys.events(id), keys.principals(id)},
                    ScriptRunner.arg(id), ScriptRunner.arg(newId), maxLen, snapshotSpec);
            old.markGone();
            if ((Long) reply.get(0) == 1) {
                try {
                    Map<String, byte[]> meta = decoder.attributes(RedisSessionStore.castList(reply.get(1)), carried,
                            new LinkedHashMap<>());
                    created = Long.toString(SessionDecoder.number(meta, "@c"));
                    idle = SessionDecoder.number(meta, "@i");
                    absolute = SessionDecoder.number(meta, "@x");
                } catch (CodecException e) {
                    log.warn("session {} had undecodable data at rotation ({}); the new session starts empty",
                            SessionIds.redact(id), LogText.escape(e.getMessage()));
                    carried.clear();
                    created = "";
                }
            }
        }
        carried.keySet().removeAll(old.pendingRemovals());
        carried.putAll(old.pendingSets());
        if (old.pendingIdleTimeoutMs() >= 0) {
            idle = old.pendingIdleTimeoutMs();
        }

        List<byte[]> args = new ArrayList<>(13 + 2 * carried.size());
        args.add(ScriptRunner.arg(newId));
        args.add(ScriptRunner.arg(principal == null ? "" : principal));
        args.add(ScriptRunner.arg(keys.sessionPrefix(shard)));
        args.add(ScriptRunner.arg(settings.graceMs()));
        args.add(maxLen);
        args.add(snapshotSpec);
        args.add(ScriptRunner.arg(settings.createdEvents() ? 1 : 0));
        args.add(ScriptRunner.arg(principal == null ? 0 : settings.maxSessionsPerPrincipal()));
        args.add(ScriptRunner.arg(settings.limitPolicy() == LimitPolicy.REFUSE_LOGIN ? "refuse" : "evict"));
        args.add(ScriptRunner.arg(created));
        args.add(ScriptRunner.arg(idle));
        args.add(ScriptRunner.arg(absolute));
        args.add(ScriptRunner.arg(fresh ? "" : old.id()));
        carried.forEach((name, bytes) -> {
            args.add(SessionDecoder.field(name));
            args.add(bytes);
        });
        List<Object> reply = scripts.multi(ROTATE_IN,
                new String[] {keys.session(newId), keys.due(newId), keys.events(newId), keys.principals(newId)},
                args.toArray(byte[][]::new));
        long status = (Long) reply.get(0);
        if (status == -2) {
            throw new SessionLimitExceededException(settings.maxSessionsPerPrincipal());
        }
        if (status != 1) {
            throw new SessionKeeperException("session id " + SessionIds.redact(newId) + " is already taken");
        }
        // A draft signed in is done with too: a later save of it must not create a second,
        // anonymous session next to the signed-in one.
        old.markGone();
        return decoder.carried(newId, (Long) reply.get(3), (Long) reply.get(1), (Long) reply.get(2), idle, absolute,
                principal, carried);
    }

    List<SessionInfo> sessionsOf(String principal, String... attributes) {
        int shard = Principals.shard(principal, settings.shards());
        List<Object> reply = scripts.multi(SESSIONS_OF, shardKeys(shard),
                ScriptRunner.arg(principal), ScriptRunner.arg(keys.sessionPrefix(shard)), maxLen, snapshotSpec,
                ScriptRunner.arg(JsonNames.array(attributes)));
        List<SessionInfo> out = new ArrayList<>();
        for (int i = 1; i + 4 < reply.size(); i += 5) {
            String id = new String((byte[]) reply.get(i), StandardCharsets.US_ASCII);
            Map<String, Object> attrs = new LinkedHashMap<>();
            List<Object> flat = RedisSessionStore.castList(reply.get(i + 4));
            for (int j = 0; j + 1 < flat.size(); j += 2) {
                String name = new String((byte[]) flat.get(j), StandardCharsets.UTF_8);
                try {
                    attrs.put(name, settings.codec().decode((byte[]) flat.get(j + 1)));
                } catch (CodecException e) {
                    log.warn("session {}: attribute '{}' cannot be decoded for the listing", SessionIds.redact(id),
                            LogText.escape(name));
                }
            }
            out.add(new SessionInfo(id, Instant.ofEpochMilli((Long) reply.get(i + 1)),
                    Instant.ofEpochMilli((Long) reply.get(i + 2)), Instant.ofEpochMilli((Long) reply.get(i + 3)),
                    Collections.unmodifiableMap(attrs)));
        }
        return Collections.unmodifiableList(out);
    }

    int logoutAll(String principal, String keepId) {
        int shard = Principals.shard(principal, settings.shards());
        return (int) scripts.integer(LOGOUT_ALL, shardKeys(shard),
                ScriptRunner.arg(principal), ScriptRunner.arg(keys.sessionPrefix(shard)), maxLen, snapshotSpec,
                ScriptRunner.arg(DestroyReason.LOGOUT_EVERYWHERE.wireName()), ScriptRunner.arg(keepId == null ? "" : keepId));
    }

    private String[] shardKeys(int shard) {
        return new String[] {keys.due(shard), keys.events(shard), keys.principals(shard)};
    }
}
