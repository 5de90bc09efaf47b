package dev.sessionkeeper.internal;

import dev.sessionkeeper.RedisFullException;
import dev.sessionkeeper.RedisUnavailableException;
import dev.sessionkeeper.SessionKeeperException;
import dev.sessionkeeper.StoreObserver;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs scripts, by FCALL of the function library where Redis has functions ({@link ScriptLibrary})
 * and else by EVALSHA, and turns every failure into one of the store's exceptions.
 */
final class ScriptRunner {

    private static final Logger log = LoggerFactory.getLogger(ScriptRunner.class);

    // Errors by which Redis says "not now" rather than "never": the caller may retry later.
    private static final List<String> UNAVAILABLE = List.of(
            "LOADING", "READONLY", "CLUSTERDOWN", "TRYAGAIN", "MASTERDOWN", "BUSY", "OOM");

    private final RedisConnection redis;
    private final Duration timeout;
    private final ReplicationWait replication;
    private final StoreObserver observer;
    private final ScriptLibrary library = ScriptLibrary.get();
    // Until a server says it has no functions; then EVALSHA for the rest of this runner's life.
    private volatile boolean functions = true;
    private final AtomicReference<CompletableFuture<Void>> loading = new AtomicReference<>();

    /**
     * @param replication how many replicas must confirm each write, or null not to wait
     * @param observer told the duration of every script call
     */
    ScriptRunner(RedisConnection redis, Duration timeout, ReplicationWait replication, StoreObserver observer) {
        this.redis = redis;
        this.timeout = timeout.plus(replication == null ? Duration.ZERO : replication.timeout());
        this.replication = replication;
        this.observer = observer;
    }

    /**
     * Readies Redis for the first requests: loads the function library on every master where
     * Redis has functions, else puts {@code toLoad} into each node's script cache, so that the
     * first requests do not each pay a miss. Best effort: a miss later is handled anyway.
     */
    void preload(LuaScript... toLoad) {
        if (functions) {
            try {
                await("FUNCTION LOAD " + library.name(), loadLibrary());
            } catch (SessionKeeperException e) {
                log.debug("could not preload function library {}: {}", library.name(), e.getMessage());
            }
        }
        if (!functions) {
            for (LuaScript script : toLoad) {
                try {
                    await("SCRIPT LOAD " + script.name(), redis.commands().scriptLoad(script.body()));
                } catch (SessionKeeperException e) {
                    log.debug("could not preload script {}: {}", script.name(), e.getMessage());
                }
            }
        }
    }

    /** Runs a script whose reply is an array. */
    List<Object> multi(LuaScript script, String[] keys, byte[]... args) {
        return await(script.name(), run(script, ScriptOutputType.MULTI, keys, args));
    }

    /** Runs a script whose reply is an integer. */
    long integer(LuaScript script, String[] keys, byte[]... args) {
        Long value = await(script.name(), run(script, ScriptOutputType.INTEGER, keys, args));
        return value;
    }

    <T> CompletableFuture<T> run(LuaScript script, ScriptOutputType type, String[] keys, byte[]... args) {
        CompletableFuture<T> result = send(script, type, keys, args);
        if (Observers.none(observer)) {
            return result;
        }
        long start = System.nanoTime();
        return result.whenComplete((value, error) -> {
            long nanos = System.nanoTime() - start;
            observer.scriptCalled(script.name(), nanos, error != null);
        });
    }

    private <T> CompletableFuture<T> send(LuaScript script, ScriptOutputType type, String[] keys, byte[]... args) {
        boolean durable = replication != null && !script.readOnly();
        // WAIT covers the writes sent before it on its own connection. On a cluster, the script
        // and its WAIT therefore both go on the connection to the node that serves the script's
        // slot (every key of a script is in one slot), not through the cluster router, which
        // may pick another connection for each command.
        RedisClusterAsyncCommands<String, byte[]> on;
        try {
            on = durable ? redis.nodeOf(keys[0]) : redis.commands();
        } catch (RuntimeException e) {
            // No connection to that node now (it is down, or the topology is not known yet):
            // a failed call like any other, translated when awaited.
            return CompletableFuture.failedFuture(e);
        }
        Call<T> call = new Call<>(script, type, keys, args, on, durable);
        String function = functions ? library.function(script) : null;
        return function != null ? byFunction(call, function, true) : byScript(call);
    }

    /** One script call's arguments and the connection it goes on, for each way of sending it. */
    private record Call<T>(LuaScript script, ScriptOutputType type, String[] keys, byte[][] args,
                           RedisClusterAsyncCommands<String, byte[]> on, boolean durable) {
    }

    /**
     * FCALL of the script's function. Whenever the function cannot run as it is, the same
     * script runs by EVALSHA instead, which nothing distinguishes in what it does: Redis lacks
     * functions or the user may not call them (then EVALSHA from now on); the library is not on
     * that server (a restart without persistence, FUNCTION FLUSH, a new master: loaded again,
     * then called once more); or Redis is out of memory. A function that may write is refused
     * whole under maxmemory before it starts, where an EVAL script runs until its first write:
     * the scripts count on that, so that a find still reads a session while Redis is full.
     */
    private <T> CompletableFuture<T> byFunction(Call<T> call, String function, boolean mayLoad) {
        CompletableFuture<T> sent = call.on.<T>fcall(function, call.type, call.keys, call.args).toCompletableFuture();
        return replicated(call, sent).exceptionallyCompose(error -> {
            Throwable cause = unwrap(error);
            String message = cause instanceof RedisCommandExecutionException ? String.valueOf(cause.getMessage()) : "";
            if (message.startsWith("ERR Function not found")) {
                return mayLoad ? loadLibrary().handle((loaded, failed) -> functions
                        ? byFunction(call, function, false) : byScript(call)).thenCompose(f -> f) : byScript(call);
            }
            if (withoutFunctions(message)) {
                disableFunctions(message);
            } else if (!message.startsWith("OOM ")) {
                return CompletableFuture.failedFuture(cause);
            }
            return byScript(call);
        });
    }

    /**
     * EVALSHA, which sends 40 bytes instead of the script; the price is NOSCRIPT after a Redis
     * restart, a failover or SCRIPT FLUSH, when the script cache is empty. Then the call is
     * repeated once with EVAL, which also puts the script back in the cache, so callers never
     * see the miss.
     */
    private <T> CompletableFuture<T> byScript(Call<T> call) {
        CompletableFuture<T> sent = call.on.<T>evalsha(call.script.sha(), call.type, call.keys, call.args)
                .toCompletableFuture();
        return replicated(call, sent).exceptionallyCompose(error -> {
            if (unwrap(error) instanceof RedisNoScriptException) {
                return replicated(call, call.on.<T>eval(call.script.body(), call.type, call.keys, call.args)
                        .toCompletableFuture());
            }
            return CompletableFuture.failedFuture(unwrap(error));
        });
    }

    /** The call's reply once the replicas confirmed it, when the call is durable; WAIT is pipelined right behind it. */
    private <T> CompletableFuture<T> replicated(Call<T> call, CompletableFuture<T> sent) {
        if (!call.durable) {
            return sent;
        }
        CompletableFuture<Long> acks = waitForReplicas(call.on);
        return sent.thenCombine(acks, (value, n) -> checkReplicas(call.script, n, value));
    }

    /**
     * Loads the library on every master ({@link #loadLibraryOn}). Completes when every master
     * answered; a master without functions, or a user who may not load them, turns them off for
     * this runner.
     */
    private CompletableFuture<Void> loadLibrary() {
        // Every call in flight misses at once after a FUNCTION FLUSH or a restart; they share one
        // load rather than each sending the library's 70 KB to every master.
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> running = loading.compareAndExchange(null, mine);
        if (running != null) {
            return running;
        }
        loadOnEveryMaster().whenComplete((done, error) -> {
            loading.set(null);
            if (error == null) {
                mine.complete(null);
            } else {
                mine.completeExceptionally(error);
            }
        });
        return mine;
    }

    private CompletableFuture<Void> loadOnEveryMaster() {
        List<CompletableFuture<Void>> loads = new ArrayList<>();
        for (RedisClusterAsyncCommands<String, byte[]> master : redis.masters().values()) {
            loads.add(loadLibraryOn(master).exceptionally(error -> {
                Throwable cause = unwrap(error);
                String message = String.valueOf(cause.getMessage());
                if (cause instanceof RedisCommandExecutionException && !notNow(message)) {
                    // Refused for good: no functions, no permission, or a Redis that will not
                    // take the library's text. EVALSHA serves every script as well.
                    disableFunctions(message);
                    return null;
                }
                // Not now (loading, busy, out of memory, unreachable): the next call that
                // misses the library tries again.
                throw new CompletionException(cause);
            }));
        }
        return CompletableFuture.allOf(loads.toArray(CompletableFuture[]::new));
    }

    /**
     * FUNCTION LOAD of the library on one server: completes once the server has it, "already
     * exists" included, since the name is a hash of the text; else fails with Redis's refusal.
     */
    CompletableFuture<Void> loadLibraryOn(RedisClusterAsyncCommands<String, byte[]> server) {
        return server.functionLoad(library.text()).toCompletableFuture().handle((name, error) -> {
            if (error != null && !String.valueOf(unwrap(error).getMessage()).contains("already exists")) {
                throw new CompletionException(unwrap(error));
            }
            return null;
        });
    }

    /** Whether Redis refused with one of the errors that mean "not now" rather than "never". */
    private static boolean notNow(String message) {
        for (String code : UNAVAILABLE) {
            if (message.equals(code) || message.startsWith(code + " ")) {
                return true;
            }
        }
        return false;
    }

    private static boolean withoutFunctions(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        return (lower.startsWith("err unknown command") || lower.startsWith("noperm"))
                && (lower.contains("fcall") || lower.contains("function"));
    }

    private void disableFunctions(String why) {
        if (functions) {
            functions = false;
            log.info("Redis at {} does not run sessionkeeper's function library ({}): scripts go by EVALSHA,"
                    + " which costs Redis a few microseconds more per call", redis.location(), LogText.escape(why));
        }
    }

    private CompletableFuture<Long> waitForReplicas(RedisClusterAsyncCommands<String, byte[]> on) {
        return on.waitForReplication(replication.replicas(), replication.timeout().toMillis()).toCompletableFuture();
    }

    private <T> T checkReplicas(LuaScript script, long acks, T value) {
        if (acks < replication.replicas()) {
            throw new CompletionException(new RedisUnavailableException("'" + script.name() + "' was written on the"
                    + " master but reached only " + acks + " of " + replication.replicas() + " replicas within "
                    + replication.timeout().toMillis() + " ms; a failover now could lose it", null));
        }
        return value;
    }

    /** Waits for any Redis call; {@code operation} names it in errors. */
    <T> T await(String operation, CompletionStage<T> stage) {
        CompletableFuture<T> future = stage.toCompletableFuture();
        try {
            // Lettuce times commands out by itself; this bound only guards against a lost future.
            return future.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new RedisUnavailableException("interrupted while waiting for Redis (" + operation + ")", e);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timedOut(operation, e);
        } catch (ExecutionException e) {
            throw translate(operation, unwrap(e));
        }
    }

    SessionKeeperException translate(String operation, Throwable error) {
        if (error instanceof SessionKeeperException s) {
            return s;
        }
        if (error instanceof RedisCommandTimeoutException) {
            return timedOut(operation, error);
        }
        // Redis's error text can quote stored data (a script's error names what it met), and
        // these messages end up in log lines: escaped here once, for every caller.
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : LogText.escape(error.getMessage());
        if (error instanceof RedisCommandExecutionException && (message.startsWith("MOVED ") || message.startsWith("ASK "))) {
            // Only a write sent to one node directly (replicationWait on a cluster) can meet this:
            // the slot has moved (a failover, resharding) and the script did not run. Learn the
            // new owner; the caller may retry.
            redis.refreshTopology();
            return new RedisUnavailableException("Redis at " + redis.location() + " moved the slot of '" + operation
                    + "' to another node (" + message + "); the write did not run, retry", error);
        }
        if (error instanceof RedisCommandExecutionException) {
            // Inside a script the refusal arrives wrapped ("ERR Error running script ... -OOM ..."
            // on Redis 6.2, "OOM ... script: ..." on 7), so it is found by its text.
            if (message.contains("OOM command not allowed")) {
                return new RedisFullException("Redis at " + redis.location() + " is full: it refused '" + operation
                        + "' because its memory reached maxmemory (policy noeviction); nothing was written. Free memory"
                        + " or raise maxmemory; reading sessions goes on working meanwhile", error);
            }
            if (notNow(message)) {
                return new RedisUnavailableException("Redis at " + redis.location() + " refused '" + operation
                        + "' for now: " + message, error);
            }
            if (message.startsWith("NOAUTH") || message.startsWith("WRONGPASS") || message.startsWith("NOPERM")) {
                return new SessionKeeperException("Redis at " + redis.location() + " denied '" + operation + "': " + message
                        + ". Check the user and password in the Redis URL and that the ACL allows FCALL, FUNCTION LOAD,"
                        + " EVALSHA, EVAL and the namespace's keys.", error);
            }
            return new SessionKeeperException("'" + operation + "' failed in Redis: " + message, error);
        }
        if (error instanceof RedisException || error instanceof IOException) {
            return new RedisUnavailableException("Redis at " + redis.location() + " is unreachable ('" + operation
                    + "'): " + LogText.escape(RedisConnection.rootMessage(error)), error);
        }
        return new SessionKeeperException("unexpected failure in '" + operation + "'", error);
    }

    private RedisUnavailableException timedOut(String operation, Throwable cause) {
        return new RedisUnavailableException("Redis at " + redis.location() + " did not answer '" + operation
                + "' within " + timeout.toMillis() + " ms; check Redis load (SLOWLOG, LATENCY) and the network,"
                + " or raise the command timeout", cause);
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static byte[] arg(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] arg(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
