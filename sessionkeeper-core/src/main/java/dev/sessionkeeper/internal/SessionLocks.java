package dev.sessionkeeper.internal;

import dev.sessionkeeper.LockTimeoutException;
import dev.sessionkeeper.SessionGoneException;
import dev.sessionkeeper.SessionKeeperException;
import dev.sessionkeeper.SessionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Opt-in pessimistic locking of one session: a single-Redis lock (a key set if absent, with a
 * lease) and a fencing token. The lease is renewed while the work runs; the save at the end
 * carries the lock value, and the save script refuses it unless that exact lock still exists.
 * So a holder paused past its lease (GC, partition) cannot write over the next holder, which
 * a lock without fencing cannot promise.
 *
 * <p>Like any lease-based lock it guards against concurrent work, not against a Redis that
 * loses the lock key (a failover to a replica that had not received it); the fencing check is
 * what keeps data safe in that window too, because the token lives in the session itself.
 */
final class SessionLocks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionStore.class);
    private static final LuaScript LOCK = LuaScript.load("lock");

    /** lock.lua's reply: OK with the lock value; HELD with the ms left on the holder's lease; NONE (gone). */
    record LockReply(ScriptCode code, String value, long holderLeftMs) {
        static LockReply parse(Object reply) {
            List<Object> r = ScriptCode.array(LOCK.name(), reply, 1);
            ScriptCode code = ScriptCode.of(LOCK.name(), r, ScriptCode.OK, ScriptCode.HELD, ScriptCode.NONE);
            return switch (code) {
                case OK -> new LockReply(code, ScriptCode.ascii(LOCK.name(), ScriptCode.array(LOCK.name(), reply, 2), 1), 0);
                case HELD -> new LockReply(code, null, ScriptCode.integer(LOCK.name(), ScriptCode.array(LOCK.name(), reply, 2), 1));
                default -> new LockReply(code, null, 0);
            };
        }
    }

    private static final LuaScript RENEW = LuaScript.load("lock_renew");
    private static final LuaScript UNLOCK = LuaScript.load("unlock");

    private final ScriptRunner scripts;
    private final KeyLayout keys;
    private volatile ScheduledExecutorService renewer;

    SessionLocks(ScriptRunner scripts, KeyLayout keys) {
        this.scripts = scripts;
        this.keys = keys;
    }

    /**
     * Runs {@code underLock} while holding the session's lock, renewing the lease meanwhile, and
     * releases the lock after it. {@code underLock} receives the lock value, which the session's
     * save carries as its fence.
     */
    <T> T withLock(String id, Duration lease, Duration maxWait, Function<String, T> underLock) {
        String value = acquire(id, lease, maxWait);
        ScheduledFuture<?> renewal = renewer().scheduleAtFixedRate(() -> renew(id, value, lease),
                lease.toMillis() / 3, lease.toMillis() / 3, TimeUnit.MILLISECONDS);
        try {
            return underLock.apply(value);
        } finally {
            renewal.cancel(false);
            try {
                scripts.integer(UNLOCK, new String[] {keys.lock(id)}, ScriptRunner.arg(value));
            } catch (SessionKeeperException e) {
                // The lease ends the lock anyway.
                log.debug("could not release the lock of {}: {}", SessionIds.redact(id), e.getMessage());
            }
        }
    }

    /** Takes the lock, waiting at most maxWait; retries back off and never exceed the wait. */
    private String acquire(String id, Duration lease, Duration maxWait) {
        String owner = UUID.randomUUID().toString();
        long giveUpAt = System.nanoTime() + maxWait.toNanos();
        long backoff = 5;
        while (true) {
            LockReply reply = LockReply.parse(scripts.multi(LOCK, new String[] {keys.lock(id), keys.session(id)},
                    ScriptRunner.arg(owner), ScriptRunner.arg(lease.toMillis())));
            if (reply.code() == ScriptCode.OK) {
                return reply.value();
            }
            if (reply.code() == ScriptCode.NONE) {
                throw new SessionGoneException("session " + SessionIds.redact(id) + " does not exist (expired or ended)");
            }
            long remainingMs = TimeUnit.NANOSECONDS.toMillis(giveUpAt - System.nanoTime());
            if (remainingMs <= 0) {
                throw new LockTimeoutException("session " + SessionIds.redact(id) + " stayed locked by another request for"
                        + " more than " + maxWait.toMillis() + " ms; retry later or wait longer");
            }
            long holderLeft = reply.holderLeftMs();
            long sleep = Math.min(Math.min(backoff, holderLeft > 0 ? holderLeft : backoff), remainingMs);
            try {
                Thread.sleep(sleep + ThreadLocalRandom.current().nextInt(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LockTimeoutException("interrupted while waiting for the lock of " + SessionIds.redact(id));
            }
            backoff = Math.min(backoff * 2, 200);
        }
    }

    private void renew(String id, String value, Duration lease) {
        try {
            if (ScriptCode.of(RENEW.name(), scripts.integer(RENEW, new String[] {keys.lock(id)}, ScriptRunner.arg(value),
                    ScriptRunner.arg(lease.toMillis())), ScriptCode.OK, ScriptCode.NONE) == ScriptCode.NONE) {
                log.warn("the lock on session {} was lost before the work finished; its save will be refused",
                        SessionIds.redact(id));
            }
        } catch (SessionKeeperException e) {
            log.warn("could not renew the lock on session {}: {}", SessionIds.redact(id), e.getMessage());
        }
    }

    private ScheduledExecutorService renewer() {
        ScheduledExecutorService r = renewer;
        if (r == null) {
            synchronized (this) {
                if (renewer == null) {
                    renewer = Executors.newSingleThreadScheduledExecutor(task -> {
                        Thread t = new Thread(task, "sk-lock-renewal");
                        t.setDaemon(true);
                        return t;
                    });
                }
                r = renewer;
            }
        }
        return r;
    }

    @Override
    public void close() {
        if (renewer != null) {
            renewer.shutdownNow();
        }
    }
}
