package dev.sessionkeeper;

import java.time.Duration;

/**
 * A consumer group member in a JVM of its own, for tests that kill it mid-handler. Arguments:
 * Redis URL, namespace, group. Its handler announces each event and then hangs, so the event
 * stays unacknowledged until the process is killed.
 */
public final class ConsumerProcess {

    private ConsumerProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        SessionStore store = SessionStore.builder().redis(args[0]).namespace(args[1]).build();
        store.events().group(args[2]).visibilityTimeout(Duration.ofMillis(500)).subscribe(event -> {
            System.out.println("handling " + event.sessionId());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        });
        System.out.println("subscribed");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
