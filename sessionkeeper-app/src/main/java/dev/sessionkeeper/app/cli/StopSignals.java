package dev.sessionkeeper.app.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SIGTERM and SIGINT (Ctrl-C) into a request to stop that the worker's main thread carries out, so that
 * it can finish the batch in flight, close everything in order and exit with code 0.
 *
 * <p>A plain JVM shutdown hook would stop the worker just as well, but the JVM then exits with 128 + the signal
 * (143 for SIGTERM), which systemd, Kubernetes and shell scripts report as a failure; and it runs all hooks at
 * once, so the test kit's hook would kill an embedded Redis under the batch in flight. So SIGTERM and SIGINT get
 * handlers of their own ({@code sun.misc.Signal}, found reflectively: it is a supported-but-internal JDK API
 * that javac warns about). A shutdown hook remains as the fallback for every other way the JVM may end
 * (SIGHUP, or a JVM whose signal handlers are off with {@code -Xrs}): it asks for the same stop and waits for
 * it to finish, and the exit code is then the JVM's.
 */
final class StopSignals implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StopSignals.class);
    private static final List<String> SIGNALS = List.of("TERM", "INT");
    /** How long the fallback hook waits for the stop to finish before the JVM ends anyway. */
    private static final long HOOK_WAIT_SECONDS = 30;

    private final Map<Object, Object> previousHandlers = new LinkedHashMap<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final CountDownLatch requested = new CountDownLatch(1);
    private final AtomicReference<String> cause = new AtomicReference<>();
    private final Thread hook;
    private Method handle;

    private StopSignals() {
        this.hook = new Thread(() -> {
            request("JVM shutdown");
            try {
                finished.await(HOOK_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sessionkeeper-worker-stop");
    }

    /** Installs the handlers and the hook; a signal then only records the request, which the caller acts on. */
    static StopSignals install() {
        StopSignals signals = new StopSignals();
        Runtime.getRuntime().addShutdownHook(signals.hook);
        signals.handleSignals();
        return signals;
    }

    /**
     * Asks for the stop, as a signal does; the command may ask too (e.g. after N events). The first cause is
     * the one reported.
     */
    void request(String why) {
        cause.compareAndSet(null, why);
        requested.countDown();
    }

    /** What asked for the stop ("SIGTERM", "SIGINT", "JVM shutdown", or the command's own reason), or null. */
    String cause() {
        return cause.get();
    }

    boolean isRequested() {
        return requested.getCount() == 0;
    }

    /** Waits until a stop is asked for. */
    void await() throws InterruptedException {
        requested.await();
    }

    /** Waits at most {@code millis}; true when a stop was asked for. */
    boolean await(long millis) throws InterruptedException {
        return requested.await(millis, TimeUnit.MILLISECONDS);
    }

    private void handleSignals() {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            handle = signalClass.getMethod("handle", signalClass, handlerClass);
            for (String name : SIGNALS) {
                Object signal = signalClass.getConstructor(String.class).newInstance(name);
                Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass},
                        handler(() -> request("SIG" + name)));
                previousHandlers.put(signal, handle.invoke(null, signal, handler));
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // E.g. -Xrs, or a JDK without sun.misc.Signal: the shutdown hook still stops the worker gracefully.
            log.debug("cannot handle SIGTERM/SIGINT ({}); relying on the shutdown hook", e.toString());
        }
    }

    private static InvocationHandler handler(Runnable action) {
        return (proxy, method, args) -> switch (method.getName()) {
            case "handle" -> {
                action.run();
                yield null;
            }
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> "sessionkeeper stop handler";
        };
    }

    /** The stop is done: puts back the previous signal handlers and removes the hook (unless it is running). */
    @Override
    public void close() {
        finished.countDown();
        previousHandlers.forEach((signal, previous) -> {
            try {
                handle.invoke(null, signal, previous);
            } catch (ReflectiveOperationException | RuntimeException e) {
                log.debug("cannot restore the handler of {}: {}", signal, e.toString());
            }
        });
        previousHandlers.clear();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is what is running: it returns now that the stop has finished.
        }
    }
}
