package dev.sessionkeeper;

import java.time.Duration;

/**
 * An expiry worker in a JVM of its own, for tests that kill it with SIGKILL. Arguments: Redis
 * URL, namespace, batch size. Runs until killed.
 */
public final class WorkerProcess {

    private WorkerProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        SessionStore store = SessionStore.builder().redis(args[0]).namespace(args[1]).build();
        store.expiryWorker().batchSize(Integer.parseInt(args[2])).maxSleep(Duration.ofMillis(50)).start();
        System.out.println("worker running");
        Thread.sleep(Long.MAX_VALUE);
    }
}
