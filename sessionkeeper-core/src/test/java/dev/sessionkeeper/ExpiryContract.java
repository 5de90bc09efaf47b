package dev.sessionkeeper;

import dev.sessionkeeper.events.SessionEvent;
import dev.sessionkeeper.events.Subscription;
import dev.sessionkeeper.expiry.ExpiryWorker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The expiry engine and the event log, run against one Redis topology. */
public abstract class ExpiryContract extends RedisContract {

    public static void await(String what, Duration max, BooleanSupplier condition) {
        long end = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            StoreContract.sleep(20);
        }
    }

    public static <T> List<T> parallel(int count, java.util.function.IntFunction<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> task.apply(n)));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tenThousandSessionsExpireExactlyOnceNoneEarlyAndNoneThatWereTouched() throws Exception {
        SessionStore store = store(b -> b.createdEvents(false));
        List<Session> sessions = parallel(10_000, i -> {
            Session s = store.newSession();
            s.setIdleTimeout(Duration.ofMillis(500 + ThreadLocalRandom.current().nextInt(2500)));
            store.save(s);
            return s;
        });
        List<Session> touched = parallel(300, i -> {
            Session s = store.newSession();
            // Touched every 200 ms plus the time 300 finds take, which on a loaded host can reach a second.
            s.setIdleTimeout(Duration.ofMillis(4000));
            store.save(s);
            return s;
        });
        AtomicBoolean touching = new AtomicBoolean(true);
        Thread toucher = new Thread(() -> {
            while (touching.get()) {
                for (Session s : touched) {
                    store.find(s.id()).orElseThrow(() -> new AssertionError("a touched session expired"));
                }
                StoreContract.sleep(200);
            }
        });
        toucher.start();
        Map<String, Long> deadlines = new ConcurrentHashMap<>();
        sessions.forEach(s -> deadlines.put(s.id(), s.expiresAt().toEpochMilli()));

        try (ExpiryWorker worker = store.expiryWorker().maxSleep(Duration.ofMillis(200)).start()) {
            await("10,000 expired events", Duration.ofSeconds(60), () -> log().count("expired") >= 10_000);
            StoreContract.sleep(300);
            assertThat(worker.stats().expired()).isEqualTo(10_000);
        } finally {
            touching.set(false);
            toucher.join();
        }

        Map<String, List<Map<String, String>>> terminal = log().terminalBySession();
        assertThat(terminal).hasSize(10_000);
        for (Map.Entry<String, List<Map<String, String>>> e : terminal.entrySet()) {
            assertThat(e.getValue()).as("terminal events of one session").hasSize(1);
            Map<String, String> event = e.getValue().get(0);
            assertThat(event.get("type")).isEqualTo("expired");
            long deadline = deadlines.get(e.getKey());
            assertThat(Long.parseLong(event.get("deadline"))).isEqualTo(deadline);
            assertThat(Long.parseLong(event.get("at"))).as("never early").isGreaterThanOrEqualTo(deadline);
        }
        for (Session s : touched) {
            assertThat(terminal).doesNotContainKey(s.id());
            assertThat(store.exists(s.id())).isTrue();
        }
        assertThat(store.count()).isEqualTo(300);
    }

    @Test
    void threeRacingWorkersNeverWriteTwoEventsForOneSession() throws Exception {
        SessionStore store = store(b -> b.createdEvents(false));
        List<SessionStore> workerStores = List.of(store(b -> { }), store(b -> { }), store(b -> { }));
        parallel(3000, i -> {
            Session s = store.newSession();
            s.setIdleTimeout(Duration.ofMillis(300 + ThreadLocalRandom.current().nextInt(700)));
            return store.save(s);
        });
        List<ExpiryWorker> workers = new ArrayList<>();
        for (SessionStore ws : workerStores) {
            workers.add(ws.expiryWorker().batchSize(20).maxSleep(Duration.ofMillis(50)).start());
        }
        await("3,000 expired events", Duration.ofSeconds(30), () -> log().count("expired") >= 3000);
        StoreContract.sleep(300);
        workers.forEach(ExpiryWorker::close);
        assertThat(log().terminalBySession()).hasSize(3000).allSatisfy((id, events) -> assertThat(events).hasSize(1));
        assertThat(workers.stream().mapToLong(w -> w.stats().expired()).sum()).isEqualTo(3000);
    }

    @Test
    void lazyExpiryDestroyAndWorkerTogetherWriteOneTerminalEventEach() throws Exception {
        SessionStore store = store(b -> b.idleTimeout(Duration.ofMillis(300)));
        List<Session> sessions = parallel(200, i -> store.create());
        for (int i = 0; i < 50; i++) {
            assertThat(store.destroy(sessions.get(i).id(), DestroyReason.LOGOUT)).isTrue();
        }
        StoreContract.sleep(400);
        for (int i = 50; i < 100; i++) {
            assertThat(store.find(sessions.get(i).id())).isEmpty();
        }
        for (int i = 100; i < 120; i++) {
            assertThat(store.destroy(sessions.get(i).id(), DestroyReason.ADMIN)).isFalse();
        }
        try (ExpiryWorker worker = store.expiryWorker().start()) {
            await("200 terminal events", Duration.ofSeconds(10), () -> log().terminalBySession().size() >= 200);
            StoreContract.sleep(200);
        }
        Map<String, List<Map<String, String>>> terminal = log().terminalBySession();
        assertThat(terminal).hasSize(200).allSatisfy((id, events) -> assertThat(events).hasSize(1));
        for (int i = 0; i < 200; i++) {
            Map<String, String> e = terminal.get(sessions.get(i).id()).get(0);
            if (i < 50) {
                assertThat(e).containsEntry("type", "destroyed").containsEntry("reason", "logout");
            } else {
                assertThat(e).containsEntry("type", "expired");
            }
        }
        assertThat(log().count("created")).isEqualTo(200);
    }

    @Test
    void sessionsWhoseDataRedisDroppedStillGetTheirEventMarkedLost() throws Exception {
        SessionStore store = store(b -> b.idleTimeout(Duration.ofMillis(200)).expiryGrace(Duration.ofMillis(1))
                .snapshotAttributes("theme"));
        Session s = store.newSession();
        s.set("theme", "dark");
        store.save(s);
        StoreContract.sleep(400);
        assertThat(raw.sync().exists(namespace + ":{" + s.id().substring(0, 3) + "}:s:" + s.id())).isZero();
        List<SessionEvent> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Subscription sub = store.events().group("audit").fromStartOfRetention().subscribe(got::add);
             ExpiryWorker worker = store.expiryWorker().start()) {
            await("expired event", Duration.ofSeconds(10),
                    () -> got.stream().anyMatch(e -> e.type() == SessionEvent.Type.EXPIRED));
        }
        SessionEvent expired = got.stream().filter(e -> e.type() == SessionEvent.Type.EXPIRED).findFirst().orElseThrow();
        assertThat(expired.sessionId()).isEqualTo(s.id());
        assertThat(expired.snapshotLost()).isTrue();
        assertThat(expired.snapshot()).isEmpty();
    }

    @Test
    void aDeadlineMovedEarlierWakesTheWorker() throws Exception {
        SessionStore store = store(b -> b.idleTimeout(Duration.ofMinutes(10)).createdEvents(false));
        Map<String, SessionEvent> expired = new ConcurrentHashMap<>();
        try (Subscription sub = store.events().subscribe("late", e -> {
            if (e.type() == SessionEvent.Type.EXPIRED) {
                expired.put(e.sessionId(), e);
            }
        });
             ExpiryWorker worker = store.expiryWorker().maxSleep(Duration.ofMinutes(1))
                     .heartbeatInterval(Duration.ofMinutes(1)).start()) {
            Session shortened = store.create();
            Session signingIn = store.create();
            // Let the worker look at the index and plan to sleep its whole bound.
            StoreContract.sleep(500);
            Session loaded = store.find(shortened.id()).orElseThrow();
            loaded.setIdleTimeout(Duration.ofMillis(300));
            store.save(loaded);
            Session rotating = store.find(signingIn.id()).orElseThrow();
            rotating.setIdleTimeout(Duration.ofMillis(300));
            Session successor = store.login(rotating, "late-user");

            // Without a wake-up these would wait for the minute-long sleep.
            await("both expiry events", Duration.ofSeconds(15),
                    () -> expired.containsKey(shortened.id()) && expired.containsKey(successor.id()));
            assertThat(expired.get(shortened.id()).latenessMillis()).isLessThan(5000);
            assertThat(expired.get(successor.id()).latenessMillis()).isLessThan(5000);
        }
    }

    @Test
    void terminalEventsCarryTheConfiguredSnapshot() throws Exception {
        SessionStore store = store(b -> b.idleTimeout(Duration.ofMillis(300)).snapshotAttributes("theme", "cart"));
        Session a = store.newSession();
        a.set("theme", "dark");
        a.set("secret", "not in events");
        store.save(a);
        Session b = store.newSession();
        b.set("cart", List.of("apple"));
        // Outlives the subscription's start, which can take longer than a's 300 ms, so that b is destroyed.
        b.setIdleTimeout(Duration.ofMinutes(1));
        store.save(b);
        List<SessionEvent> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Subscription sub = store.events().subscribe("audit", got::add);
             ExpiryWorker worker = store.expiryWorker().start()) {
            store.destroy(b.id(), DestroyReason.ADMIN);
            await("two terminal events", Duration.ofSeconds(10),
                    () -> got.stream().filter(e -> e.type().isTerminal()).count() >= 2);
        }
        SessionEvent expired = got.stream().filter(e -> e.sessionId().equals(a.id()) && e.type().isTerminal()).findFirst().orElseThrow();
        assertThat(expired.type()).isEqualTo(SessionEvent.Type.EXPIRED);
        assertThat(expired.snapshot()).containsExactly(Map.entry("theme", "dark"));
        assertThat(expired.snapshotLost()).isFalse();
        assertThat(expired.latenessMillis()).isNotNegative();
        SessionEvent destroyed = got.stream().filter(e -> e.sessionId().equals(b.id()) && e.type().isTerminal()).findFirst().orElseThrow();
        assertThat(destroyed.type()).isEqualTo(SessionEvent.Type.DESTROYED);
        assertThat(destroyed.reason()).isEqualTo("admin");
        assertThat(destroyed.snapshot()).containsExactly(Map.entry("cart", List.of("apple")));
    }

    @Test
    void eachEventGoesToOneInstanceOfAGroupAndToEveryBroadcastSubscriber() throws Exception {
        SessionStore store = store(b -> { });
        SessionStore other = store(b -> { });
        Map<String, String> byInstance = new ConcurrentHashMap<>();
        AtomicInteger duplicates = new AtomicInteger();
        Set<String> broadcastA = ConcurrentHashMap.newKeySet();
        Set<String> broadcastB = ConcurrentHashMap.newKeySet();
        try (Subscription g1 = store.events().subscribe("billing", e -> {
                if (byInstance.put(e.eventId(), "1") != null) {
                    duplicates.incrementAndGet();
                }
             });
             Subscription g2 = other.events().subscribe("billing", e -> {
                if (byInstance.put(e.eventId(), "2") != null) {
                    duplicates.incrementAndGet();
                }
             });
             Subscription b1 = store.events().broadcast(e -> broadcastA.add(e.eventId()));
             Subscription b2 = other.events().broadcast(e -> broadcastB.add(e.eventId()))) {
            parallel(500, i -> store.create());
            await("500 events in the group", Duration.ofSeconds(10), () -> byInstance.size() >= 500);
            await("500 events in each broadcast", Duration.ofSeconds(10),
                    () -> broadcastA.size() >= 500 && broadcastB.size() >= 500);
        }
        assertThat(byInstance).hasSize(500);
        assertThat(duplicates.get()).isZero();
        assertThat(byInstance.values()).contains("1", "2");
        assertThat(broadcastA).isEqualTo(broadcastB).isEqualTo(byInstance.keySet());
    }

    @Test
    void anEventHeldByACrashedConsumerIsRedeliveredToAnotherInstance() throws Exception {
        SessionStore store = store(b -> { });
        SessionStore other = store(b -> { });
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<SessionEvent> rescued = new java.util.concurrent.CopyOnWriteArrayList<>();
        Subscription hung = store.events().group("mail").visibilityTimeout(Duration.ofMillis(500)).subscribe(e -> {
            stuck.countDown();
            release.await();
        });
        try {
            Session s = store.create();
            assertThat(stuck.await(10, TimeUnit.SECONDS)).isTrue();
            try (Subscription rescuer = other.events().group("mail").visibilityTimeout(Duration.ofMillis(500))
                    .subscribe(rescued::add)) {
                await("redelivery", Duration.ofSeconds(10), () -> !rescued.isEmpty());
            }
            assertThat(rescued.get(0).sessionId()).isEqualTo(s.id());
            assertThat(rescued.get(0).deliveryCount()).isGreaterThanOrEqualTo(2);
        } finally {
            release.countDown();
            hung.close();
        }
    }

    @Test
    void anEventWhoseHandlerAlwaysFailsEndsInTheDeadLetterStream() throws Exception {
        SessionStore store = store(b -> { });
        AtomicInteger attempts = new AtomicInteger();
        Session s;
        try (Subscription sub = store.events().group("flaky").visibilityTimeout(Duration.ofMillis(200)).maxDeliveries(3)
                .subscribe(e -> {
                    attempts.incrementAndGet();
                    throw new IllegalStateException("downstream is down");
                })) {
            s = store.create();
            String dead = namespace + ":{" + s.id().substring(0, 3) + "}:dead";
            await("dead letter", Duration.ofSeconds(15), () -> raw.sync().xlen(dead) == 1);
            String events = namespace + ":{" + s.id().substring(0, 3) + "}:events";
            Map<String, String> entry = raw.sync().xrange(dead, io.lettuce.core.Range.create("-", "+")).get(0).getBody();
            assertThat(entry).containsEntry("sid", s.id()).containsEntry("group", "flaky").containsEntry("deliveries", "4");
            assertThat(raw.sync().xpending(events, "flaky").getCount()).isZero();
        }
        assertThat(attempts.get()).isEqualTo(3);
    }

    @Test
    void streamsAreTrimmedToTheirMaximumLength() throws Exception {
        SessionStore store = store(b -> b.eventsMaxLength(100).shards(1));
        parallel(2000, i -> store.create());
        long length = raw.sync().xlen(namespace + ":{000}:events");
        assertThat(length).isLessThan(2000).isGreaterThanOrEqualTo(100);
    }
}
