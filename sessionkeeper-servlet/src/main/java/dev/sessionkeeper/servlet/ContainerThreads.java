package dev.sessionkeeper.servlet;

import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;

/**
 * Forgets what Netty (under Lettuce) left on a thread the container owns. A store call made on a
 * request thread, or on the thread that starts and stops the application, leaves Netty's
 * per-thread map on that thread; the map's class belongs to the web application, so it would pin
 * the application's class loader after undeploy, and Tomcat reports it as a thread-local leak.
 * The filter and the listener call this at the end of every request and lifecycle step; the cost
 * is a map Netty builds again on the thread's next store call, which is small beside a round trip.
 */
final class ContainerThreads {

    private ContainerThreads() {
    }

    static void forgetNetty() {
        // Netty's own threads keep their map in a field and expect it to stay.
        if (!(Thread.currentThread() instanceof FastThreadLocalThread)) {
            FastThreadLocal.removeAll();
        }
    }
}
