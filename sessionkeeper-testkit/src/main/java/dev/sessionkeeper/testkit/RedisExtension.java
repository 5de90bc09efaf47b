package dev.sessionkeeper.testkit;

import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * JUnit 5 extension giving a test class a real Redis: a standalone server or a cluster.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisExtension redis = RedisExtension.standalone();
 *
 * @Test
 * void stores(RedisServer server) {
 *     RedisClient client = RedisClient.create(redis.uri());
 *     ...
 * }
 * }</pre>
 *
 * <p>On a {@code static} field Redis starts before all tests of the class and stops after them (call
 * {@link #flushAll()} to isolate tests); on an instance field every test gets a fresh one. Test methods,
 * constructors and lifecycle methods can declare a {@link RedisServer} or {@link RedisCluster} parameter.
 *
 * <p>When a test or one of its lifecycle methods fails, the last 50 lines of every Redis log are attached to
 * the failure as a suppressed exception, so the report shows what Redis said.
 */
public final class RedisExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler,
        ParameterResolver {

    private static final int LOG_LINES_ON_FAILURE = 50;

    private final Fsync aof;
    private final int masters;
    private final int replicasPerMaster;

    private RedisServer server;
    private RedisCluster cluster;
    private int classScopes;
    private boolean perTest;

    private RedisExtension(Fsync aof, int masters, int replicasPerMaster) {
        this.aof = aof;
        this.masters = masters;
        this.replicasPerMaster = replicasPerMaster;
    }

    /**
     * A standalone server without persistence.
     *
     * @return an extension that starts one server for the test class
     */
    public static RedisExtension standalone() {
        return new RedisExtension(null, 0, 0);
    }

    /**
     * A standalone server with the append-only file on, for tests of what survives {@link RedisServer#kill()}.
     *
     * @param fsync the AOF's fsync policy
     * @return an extension that starts one server with the AOF for the test class
     */
    public static RedisExtension standaloneWithAof(Fsync fsync) {
        return new RedisExtension(Objects.requireNonNull(fsync, "fsync"), 0, 0);
    }

    /**
     * A cluster of 3 masters without replicas.
     *
     * @return an extension that starts the cluster for the test class
     */
    public static RedisExtension cluster() {
        return cluster(3, 0);
    }

    /**
     * A cluster of {@code masters} masters with {@code replicasPerMaster} replicas each.
     *
     * @param masters the number of masters, at least 1
     * @param replicasPerMaster replicas per master, 0 or more
     * @return an extension that starts the cluster for the test class
     */
    public static RedisExtension cluster(int masters, int replicasPerMaster) {
        if (masters < 1 || replicasPerMaster < 0) {
            throw new IllegalArgumentException("masters must be >= 1 and replicas >= 0: " + masters + ", " + replicasPerMaster);
        }
        return new RedisExtension(null, masters, replicasPerMaster);
    }

    /**
     * The server's {@code redis://} URI, or the cluster's {@code redis-cluster://} URI.
     *
     * @return the URL a store is built with
     */
    public synchronized String uri() {
        return isCluster() ? requireCluster().uri() : requireServer().uri();
    }

    /**
     * Whether this extension runs a cluster.
     *
     * @return true for a cluster, false for a standalone server
     */
    public boolean isCluster() {
        return masters > 0;
    }

    /**
     * The standalone server.
     *
     * @throws IllegalStateException for a cluster, or outside the tests the extension runs Redis for
      * @return the server started for the running test class
     */
    public synchronized RedisServer server() {
        if (isCluster()) {
            throw new IllegalStateException("This RedisExtension runs a cluster: use redisCluster(), not server()");
        }
        return requireServer();
    }

    /**
     * The cluster. (Not {@code cluster()}: that name is taken by the static factory.)
     *
     * @throws IllegalStateException for a standalone server, or outside the tests the extension runs Redis for
      * @return the cluster started for the running test class
     */
    public synchronized RedisCluster redisCluster() {
        if (!isCluster()) {
            throw new IllegalStateException("This RedisExtension runs a standalone server: use server(), not redisCluster()");
        }
        return requireCluster();
    }

    /** Removes all keys, on every master of a cluster. */
    public synchronized void flushAll() {
        if (isCluster()) {
            requireCluster().flushAll();
        } else {
            requireServer().flushAll();
        }
    }

    /**
     * {@code redis://127.0.0.1:p} of the server, or of every cluster node, masters first.
     *
     * @return one URI per node, a single one for a standalone server
     */
    public synchronized List<String> nodeUris() {
        return isCluster() ? requireCluster().nodeUris() : List.of(requireServer().uri());
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        // Nested test classes call beforeAll again on the outer class's extension: keep the one Redis.
        if (classScopes++ == 0 && !started()) {
            startRedis();
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (classScopes > 0 && --classScopes == 0) {
            stopRedis();
        }
    }

    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        // Only reached without a running Redis when registered on an instance field, which JUnit never
        // calls beforeAll for.
        if (!started()) {
            startRedis();
            perTest = true;
        }
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        if (perTest) {
            perTest = false;
            stopRedis();
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw attachLogs(throwable);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw attachLogs(throwable);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw attachLogs(throwable);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw attachLogs(throwable);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw attachLogs(throwable);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return isCluster() ? type == RedisCluster.class : type == RedisServer.class;
    }

    @Override
    public synchronized Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return isCluster() ? requireCluster() : requireServer();
    }

    @Override
    public synchronized String toString() {
        String what = isCluster() ? "cluster of " + masters + " masters x " + replicasPerMaster + " replicas"
                : "standalone" + (aof == null ? "" : " with AOF " + aof);
        return "RedisExtension[" + what + (started() ? ", " + uri() : ", not running") + "]";
    }

    private Throwable attachLogs(Throwable throwable) {
        for (Throwable s : throwable.getSuppressed()) {
            if (s instanceof RedisLogTail) {
                return throwable;
            }
        }
        String tails;
        String header;
        synchronized (this) {
            if (!started()) {
                return throwable;
            }
            if (isCluster()) {
                header = "Redis cluster " + cluster.uri();
                tails = cluster.logTails(LOG_LINES_ON_FAILURE);
            } else {
                header = "Redis " + server.uri() + " (" + server.logFile() + ")";
                tails = server.logTail(LOG_LINES_ON_FAILURE);
            }
        }
        throwable.addSuppressed(new RedisLogTail("Last " + LOG_LINES_ON_FAILURE + " log lines of " + header + ":\n" + tails));
        return throwable;
    }

    private boolean started() {
        return server != null || cluster != null;
    }

    private void startRedis() {
        if (isCluster()) {
            RedisCluster c = RedisCluster.builder().masters(masters).replicasPerMaster(replicasPerMaster).build();
            try {
                cluster = c.start();
            } catch (RuntimeException e) {
                c.close();
                throw e;
            }
        } else {
            RedisServer.Builder b = RedisServer.builder();
            if (aof != null) {
                b.aof(aof);
            }
            RedisServer s = b.build();
            try {
                server = s.start();
            } catch (RuntimeException e) {
                s.close();
                throw e;
            }
        }
    }

    private void stopRedis() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
    }

    private RedisServer requireServer() {
        if (server == null) {
            throw notRunning();
        }
        return server;
    }

    private RedisCluster requireCluster() {
        if (cluster == null) {
            throw notRunning();
        }
        return cluster;
    }

    private IllegalStateException notRunning() {
        return new IllegalStateException("Redis is not running: RedisExtension runs it only around the tests of the"
                + " class it is registered in with @RegisterExtension (static field: the whole class; instance"
                + " field: each test)");
    }
}
