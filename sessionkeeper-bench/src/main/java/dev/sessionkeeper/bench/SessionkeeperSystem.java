package dev.sessionkeeper.bench;

import dev.sessionkeeper.expiry.ExpiryWorker;
import dev.sessionkeeper.expiry.ExpiryWorkerBuilder;
import dev.sessionkeeper.SaveResult;
import dev.sessionkeeper.Session;
import dev.sessionkeeper.events.SessionEvent;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.SessionStoreBuilder;
import dev.sessionkeeper.events.Subscription;
import dev.sessionkeeper.spring.session.SessionEventPublisher;
import dev.sessionkeeper.spring.session.SessionKeeperSessionRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.springframework.session.events.SessionExpiredEvent;

/** sessionkeeper as a {@link BenchSystem}: one {@link SessionStore} per instance. */
final class SessionkeeperSystem implements BenchSystem.Web, BenchSystem.Backlog, BenchSystem.Shortening, SpringPathSystem {

    static final int SHARDS = 16;

    static final Factory FACTORY = new Factory() {
        @Override
        public String name() {
            return "sessionkeeper";
        }

        @Override
        public Set<String> workloads() {
            return Set.of("web", "expiry", "drain", "idle", "principal", "network", "scripts", "spring");
        }

        @Override
        public BenchSystem open(String redisUrl, String namespace, Options options) {
            return new SessionkeeperSystem(builder(redisUrl, namespace, options).build(), namespace);
        }
    };

    /** The store every sessionkeeper benchmark measures, configured as above; also for the scripts benchmark. */
    static SessionStoreBuilder builder(String redisUrl, String namespace, Options options) {
        return SessionStore.builder()
                .redis(redisUrl)
                .namespace(namespace)
                .shards(SHARDS)
                .idleTimeout(Duration.ofMinutes(30))
                .createdEvents(options.createdEvents())
                .eventsMaxLength(options.eventsMaxLength())
                .expiryGrace(options.expiryGrace())
                .commandTimeout(Duration.ofSeconds(10))
                .codec(WorkloadSession.codec());
    }

    private final SessionStore store;
    private final String namespace;
    private final SessionKeeperSessionRepository springRepository;

    private SessionkeeperSystem(SessionStore store, String namespace) {
        this.store = store;
        this.namespace = namespace;
        this.springRepository = new SessionKeeperSessionRepository(store);
    }

    @Override
    public SessionKeeperSessionRepository springRepository() {
        return springRepository;
    }

    @Override
    public AutoCloseable subscribeSpringExpired(String group, ExpiredHandler handler) {
        return SessionEventPublisher.group(store, group, event -> {
            if (event instanceof SessionExpiredEvent expired) {
                handler.expired(expired.getSessionId(), -1, -1, BenchClock.nowMicros());
            }
        });
    }

    @Override
    public String create(Duration idleTimeout, String attribute, String value) {
        Session s = store.newSession();
        s.setIdleTimeout(idleTimeout);
        s.set(attribute, value);
        SaveResult r = store.save(s);
        if (r != SaveResult.SAVED) {
            throw new IllegalStateException("create returned " + r);
        }
        return s.id();
    }

    @Override
    public boolean request(String id, String attribute, String value) {
        return change(id, s -> s.set(attribute, value));
    }

    @Override
    public boolean shortenIdle(String id, Duration idleTimeout) {
        return change(id, s -> s.setIdleTimeout(idleTimeout));
    }

    /** One request that changes something: find (one call), change, save (one call). */
    private boolean change(String id, Consumer<Session> change) {
        Optional<Session> found = store.find(id);
        if (found.isEmpty()) {
            return false;
        }
        Session s = found.get();
        change.accept(s);
        return store.save(s) != SaveResult.GONE;
    }

    @Override
    public String createSignedIn(String principal, Duration idleTimeout) {
        // A new session signed in before its first save is one call (rotate_in): nothing to end.
        Session s = store.newSession();
        s.setIdleTimeout(idleTimeout);
        WorkloadSession.attributes().forEach(s::set);
        return store.login(s, principal).id();
    }

    @Override
    public boolean webRequest(String id, boolean change) {
        Optional<Session> found = store.find(id);
        if (found.isEmpty()) {
            return false;
        }
        Session s = found.get();
        if (s.get(WorkloadSession.THEME) == null || s.get(WorkloadSession.CART) == null) {
            throw new IllegalStateException("a workload attribute is missing");
        }
        if (change) {
            s.set(WorkloadSession.LAST_PAGE, "/page/" + ThreadLocalRandom.current().nextInt(100));
        }
        // Saves nothing (no call) when nothing changed: the cart read above is compared, not rewritten.
        return store.save(s) != SaveResult.GONE;
    }

    @Override
    public int sessionsOf(String principal) {
        return store.sessionsOf(principal).size();
    }

    @Override
    public long deadIndexEntries(RedisProbe redis) {
        long dead = 0;
        for (int shard = 0; shard < SHARDS; shard++) {
            for (String member : redis.sortedSetMembers(shardPrefix(shard) + ":principals")) {
                String id = member.substring(member.indexOf('\0') + 1);
                // exists() is read-only and judges by Redis's clock, as find() would.
                if (!store.exists(id)) {
                    dead++;
                }
            }
        }
        return dead;
    }

    @Override
    public Expirer startExpirer(int batchSize) {
        ExpiryWorkerBuilder builder = store.expiryWorker().batchSize(batchSize).maxSleep(Duration.ofSeconds(1));
        // For comparing drain pauses by hand; the documented runs use the worker's default.
        String pause = System.getProperty("bench.drainPauseMicros");
        if (pause != null) {
            builder.drainPause(Duration.ofNanos(Long.parseLong(pause) * 1000));
        }
        ExpiryWorker worker = builder.start();
        return new Expirer() {
            @Override
            public long expired() {
                return worker.stats().expired();
            }

            @Override
            public long batches() {
                return worker.stats().batches();
            }

            @Override
            public void close() {
                worker.close();
            }

            @Override
            public String toString() {
                return worker.stats().toString();
            }
        };
    }

    @Override
    public AutoCloseable subscribeExpired(String group, ExpiredHandler handler) {
        Subscription sub = store.events().subscribe(group, event -> {
            long received = BenchClock.nowMicros();
            if (event.type() == SessionEvent.Type.EXPIRED) {
                handler.expired(event.sessionId(), event.deadline() == null ? -1 : event.deadline().toEpochMilli(),
                        event.writtenAt() == null ? -1 : event.writtenAt().toEpochMilli(), received);
            }
        });
        return sub;
    }

    List<String> dueKeys() {
        List<String> keys = new ArrayList<>(SHARDS);
        for (int shard = 0; shard < SHARDS; shard++) {
            keys.add(shardPrefix(shard) + ":due");
        }
        return keys;
    }

    private String shardPrefix(int shard) {
        return namespace + ":{" + String.format("%03d", shard) + "}";
    }

    @Override
    public long indexEntries(RedisProbe redis) {
        return redis.zcardSum(dueKeys());
    }

    @Override
    public long dueEntries(RedisProbe redis) {
        return redis.zcountUpToNow(dueKeys());
    }

    @Override
    public long sessionKeys(RedisProbe redis) {
        return redis.countKeys(namespace + ":{*}:s:*");
    }

    @Override
    public void dropKeys(RedisProbe redis) {
        redis.deleteKeys(namespace + ":*");
    }

    @Override
    public void close() {
        store.close();
    }
}
