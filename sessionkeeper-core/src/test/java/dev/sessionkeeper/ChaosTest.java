package dev.sessionkeeper;

import dev.sessionkeeper.events.Subscription;
import dev.sessionkeeper.expiry.ExpiryWorker;
import dev.sessionkeeper.internal.SessionIds;
import dev.sessionkeeper.testkit.RedisExtension;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chaos run: requests, sign-ins, sign-outs and expiries run from several threads while
 * worker processes are killed with SIGKILL, Redis is frozen with SIGSTOP, client connections
 * are killed (CLIENT KILL) and subscriptions drop, at random. An invariant checker then reads
 * the event log and the store: every session has exactly one terminal event, no index entry
 * outlives its session, no live session was ever served past its deadline, and no session
 * that was seen to end ever came back. CI runs it for 20 s; {@code -Dsoak.seconds=N} runs it
 * longer (docs/reliability.md).
 */
class ChaosTest {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standalone();

    private static final String NAMESPACE = "chaos";

    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<String> attempted = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> seenDeadAt = new ConcurrentHashMap<>();
    private final List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong operations = new AtomicLong();

    @Test
    void invariantsHoldUnderChaos() throws Exception {
        long seconds = Long.getLong("soak.seconds", 20);
        Path workerLog = Files.createTempFile("chaos-workers", ".log");
        try (SessionStore store = SessionStore.builder().redis(REDIS.uri()).namespace(NAMESPACE)
                .idleTimeout(Duration.ofMillis(800)).commandTimeout(Duration.ofMillis(500))
                .maxSessionsPerPrincipal(3, LimitPolicy.EVICT_LEAST_RECENTLY_USED).build();
             RawRedis raw = RawRedis.connect(REDIS.uri(), REDIS.nodeUris())) {
            List<Process> workers = new ArrayList<>();
            workers.add(startWorker(workerLog));
            workers.add(startWorker(workerLog));
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService load = Executors.newFixedThreadPool(6);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int me = t;
                futures.add(load.submit(() -> {
                    drive(store, "user" + me, running);
                    return null;
                }));
            }
            Subscription consumer = store.events().subscribe("chaos", e -> { });
            long end = System.currentTimeMillis() + seconds * 1000;
            int chaosActions = 0;
            while (System.currentTimeMillis() < end) {
                Thread.sleep(300 + ThreadLocalRandom.current().nextInt(700));
                chaosActions++;
                switch (ThreadLocalRandom.current().nextInt(4)) {
                    case 0 -> {
                        int victim = ThreadLocalRandom.current().nextInt(workers.size());
                        workers.get(victim).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                        workers.set(victim, startWorker(workerLog));
                    }
                    case 1 -> {
                        REDIS.server().pause();
                        Thread.sleep(100 + ThreadLocalRandom.current().nextInt(400));
                        REDIS.server().resume();
                    }
                    case 2 -> {
                        try {
                            raw.sync().clientKill(io.lettuce.core.KillArgs.Builder.typeNormal().skipme(true));
                        } catch (RuntimeException e) {
                            failures.incrementAndGet();
                        }
                    }
                    default -> {
                        consumer.close();
                        consumer = store.events().subscribe("chaos", e -> { });
                    }
                }
            }
            running.set(false);
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            load.shutdownNow();
            consumer.close();
            for (Process w : workers) {
                w.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }

            // The last chaos action may have killed the store's connections a moment ago: while its
            // client reconnects, calls fail at once (RedisUnavailableException), a worker's start too.
            ExpiryContract.await("the store reconnected", Duration.ofSeconds(30), () -> {
                try {
                    store.count();
                    return true;
                } catch (RedisUnavailableException e) {
                    return false;
                }
            });
            // Let every session end: the short idle timeout runs out, a clean worker drains the rest.
            try (ExpiryWorker worker = store.expiryWorker().maxSleep(Duration.ofMillis(50)).start()) {
                ExpiryContract.await("every session ended", Duration.ofSeconds(60), () -> {
                    try {
                        return store.count() == 0 && dueEntries(raw) == 0;
                    } catch (RedisUnavailableException e) {
                        return false;
                    }
                });
            }

            assertThat(chaosActions).isPositive();
            assertThat(violations).as("violations seen while running").isEmpty();
            Map<String, List<Map<String, String>>> terminal = EventLog.read(raw, NAMESPACE, 16).terminalBySession();
            // Plain lookups here, not AssertJ's contains on collections: a soak run checks hundreds of
            // thousands of sessions, and a linear search per session would take longer than the run.
            List<String> broken = new ArrayList<>();
            for (String id : acknowledged) {
                List<Map<String, String>> events = terminal.get(id);
                if (events == null || events.size() != 1) {
                    broken.add(SessionIds.redact(id) + ": " + (events == null ? 0 : events.size()) + " terminal events");
                }
            }
            // A sign-in whose second call timed out may still have created its session: its id
            // never reached the caller, but the 'rotated' event of its predecessor names it.
            Set<String> known = ConcurrentHashMap.newKeySet();
            known.addAll(attempted);
            terminal.values().forEach(events -> events.stream().map(ev -> ev.get("successor"))
                    .filter(java.util.Objects::nonNull).forEach(known::add));
            for (Map.Entry<String, List<Map<String, String>>> e : terminal.entrySet()) {
                if (e.getValue().size() != 1) {
                    broken.add(SessionIds.redact(e.getKey()) + ": " + e.getValue().size() + " terminal events");
                }
                if (!known.contains(e.getKey())) {
                    broken.add(SessionIds.redact(e.getKey()) + ": an event for a session nobody created");
                }
            }
            assertThat(broken).as("sessions breaking the one-terminal-event rule").isEmpty();
            for (int shard = 0; shard < 16; shard++) {
                assertThat(raw.sync().zcard(NAMESPACE + ":{" + SessionIds.shardTag(shard) + "}:principals"))
                        .as("index entries left in shard %d", shard).isZero();
            }
            assertThat(sessionHashes(raw)).as("session data left").isEmpty();
            assertThat(acknowledged.size()).as("sessions created under chaos").isGreaterThan(100);
            System.out.printf("chaos: %d s, %d chaos actions, %d operations, %d sessions, %d failed calls (expected while"
                    + " Redis was frozen or connections were killed)%n", seconds, chaosActions, operations.get(),
                    acknowledged.size(), failures.get());
        }
    }

    /** One user's random traffic: sign in, use, sign out, list, log out everywhere; checks as it goes. */
    private void drive(SessionStore store, String user, AtomicBoolean running) {
        List<String> mine = new ArrayList<>();
        while (running.get()) {
            operations.incrementAndGet();
            try {
                int action = ThreadLocalRandom.current().nextInt(10);
                if (action < 3 || mine.isEmpty()) {
                    Session s = store.newSession();
                    attempted.add(s.id());
                    s.set("n", 1);
                    store.save(s);
                    acknowledged.add(s.id());
                    if (ThreadLocalRandom.current().nextBoolean()) {
                        Session signedIn = store.login(s, user);
                        attempted.add(signedIn.id());
                        acknowledged.add(signedIn.id());
                        mine.add(signedIn.id());
                    } else {
                        mine.add(s.id());
                    }
                } else if (action < 7) {
                    String id = mine.get(ThreadLocalRandom.current().nextInt(mine.size()));
                    long before = System.currentTimeMillis();
                    Optional<Session> found = store.find(id);
                    if (found.isPresent()) {
                        if (seenDeadAt.containsKey(id)) {
                            violations.add("resurrected " + SessionIds.redact(id));
                        }
                        if (found.get().expiresAt().toEpochMilli() < before - 5) {
                            violations.add("served past its deadline " + SessionIds.redact(id));
                        }
                        found.get().set("n", 2);
                        if (store.save(found.get()) == SaveResult.GONE) {
                            seenDeadAt.putIfAbsent(id, System.currentTimeMillis());
                        }
                    } else {
                        seenDeadAt.putIfAbsent(id, System.currentTimeMillis());
                        mine.remove(id);
                    }
                } else if (action == 7) {
                    String id = mine.remove(ThreadLocalRandom.current().nextInt(mine.size()));
                    store.destroy(id, DestroyReason.LOGOUT);
                    seenDeadAt.putIfAbsent(id, System.currentTimeMillis());
                } else if (action == 8) {
                    long before = System.currentTimeMillis();
                    for (SessionInfo info : store.sessionsOf(user)) {
                        if (info.expiresAt().toEpochMilli() < before - 5) {
                            violations.add("listed past its deadline " + SessionIds.redact(info.id()));
                        }
                        if (seenDeadAt.containsKey(info.id())) {
                            violations.add("listed after it ended " + SessionIds.redact(info.id()));
                        }
                    }
                } else {
                    store.logoutEverywhere(user);
                }
            } catch (RedisUnavailableException e) {
                failures.incrementAndGet();
            }
        }
    }

    private static long dueEntries(RawRedis raw) {
        long total = 0;
        for (int shard = 0; shard < 16; shard++) {
            total += raw.sync().zcard(NAMESPACE + ":{" + SessionIds.shardTag(shard) + "}:due");
        }
        return total;
    }

    private static List<String> sessionHashes(RawRedis raw) {
        List<String> keys = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = raw.sync().scan(cursor, ScanArgs.Builder.matches(NAMESPACE + ":*:s:*").limit(1000));
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return keys;
    }

    private static Process startWorker(Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), WorkerProcess.class.getName(),
                REDIS.uri(), NAMESPACE, "50")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }
}
