package dev.sessionkeeper;

import dev.sessionkeeper.expiry.ExpiryWorker;
import dev.sessionkeeper.internal.SessionIds;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Random programs of create, sign-in, re-sign-in, touch, destroy, logout everywhere, limit
 * eviction or refusal and expiry, run from several threads at once (each thread owns two principals,
 * which share shards and indexes with the other threads'), with and without an expiry worker
 * running. After every step, {@code sessionsOf} must equal the thread's model exactly.
 */
class PrincipalModelProperties extends BothTopologies {

    private static final int LIMIT = 3;
    private static final AtomicInteger TRIES = new AtomicInteger();

    /** kind: 0 new anonymous, 1 sign in (a, b), 2 touch, 3 destroy, 4 logout everywhere, 5 expire. */
    record Op(int kind, int handle, int principal) {
    }

    @Property(tries = 40)
    void standaloneIndexMatchesTheModel(@ForAll("programs") List<List<Op>> threads, @ForAll boolean worker,
                                        @ForAll boolean refuse) throws Exception {
        run(standalone.uri(), threads, worker, refuse);
    }

    @Property(tries = 15)
    void clusterIndexMatchesTheModel(@ForAll("programs") List<List<Op>> threads, @ForAll boolean worker,
                                     @ForAll boolean refuse) throws Exception {
        run(cluster.uri(), threads, worker, refuse);
    }

    @Provide
    Arbitrary<List<List<Op>>> programs() {
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(new Op(0, 0, 0))),
                Tuple.of(5, Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 1))
                        .as((h, p) -> new Op(1, h, p))),
                Tuple.of(2, Arbitraries.integers().between(0, 9).map(h -> new Op(2, h, 0))),
                Tuple.of(1, Arbitraries.integers().between(0, 9).map(h -> new Op(3, h, 0))),
                Tuple.of(1, Arbitraries.integers().between(0, 1).map(p -> new Op(4, 0, p))),
                Tuple.of(1, Arbitraries.integers().between(0, 9).map(h -> new Op(5, h, 0))));
        return op.list().ofMinSize(1).ofMaxSize(25).list().ofSize(3);
    }

    private void run(String uri, List<List<Op>> threads, boolean withWorker, boolean refuse) throws Exception {
        AtomicInteger modelled = new AtomicInteger();
        String namespace = "pm" + TRIES.incrementAndGet();
        try (SessionStore store = SessionStore.builder().redis(uri).namespace(namespace)
                .idleTimeout(Duration.ofMinutes(5)).maxSessionsPerPrincipal(LIMIT, refuse ? LimitPolicy.REFUSE_LOGIN : LimitPolicy.EVICT_LEAST_RECENTLY_USED)
                .build()) {
            ExpiryWorker worker = withWorker ? store.expiryWorker().maxSleep(Duration.ofMillis(20)).start() : null;
            ExecutorService pool = Executors.newFixedThreadPool(threads.size());
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads.size(); t++) {
                    int me = t;
                    futures.add(pool.submit(() -> {
                        modelled.addAndGet(runThread(store, "t" + me + "-", threads.get(me), refuse));
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
                if (worker != null) {
                    worker.close();
                }
            }
            // The index itself holds no entry beyond the live sessions: every path that ended one
            // removed its entry (or the listing after each step did).
            try (RawRedis raw = RawRedis.connect(uri, List.of())) {
                long entries = 0;
                for (int shard = 0; shard < 16; shard++) {
                    entries += raw.sync().zcard(namespace + ":{" + SessionIds.shardTag(shard) + "}:principals");
                }
                assertThat(entries).isEqualTo(modelled.get());
            }
        }
    }

    /** Runs one thread's program; returns how many sessions its model holds at the end. */
    private static int runThread(SessionStore store, String prefix, List<Op> ops, boolean refuse) {
        String[] principals = {prefix + "a", prefix + "b"};
        Map<String, Set<String>> model = new HashMap<>();
        for (String p : principals) {
            model.put(p, new HashSet<>());
        }
        List<Session> handles = new ArrayList<>();
        for (Op op : ops) {
            if (op.kind() == 0 || handles.isEmpty()) {
                handles.add(store.create());
            } else {
                int h = op.handle() % handles.size();
                Session s = handles.get(h);
                switch (op.kind()) {
                    case 1 -> {
                        String p = principals[op.principal()];
                        String was = s.principal();
                        boolean modelledBefore = was != null && model.get(was).remove(s.id());
                        if (refuse && model.get(p).size() >= LIMIT) {
                            // Refused: nothing written, the session stays where it was.
                            assertThatThrownBy(() -> store.login(s, p)).isInstanceOf(SessionLimitExceededException.class);
                            if (modelledBefore) {
                                model.get(was).add(s.id());
                            }
                            break;
                        }
                        Set<String> candidates = new HashSet<>();
                        if (model.get(p).size() >= LIMIT) {
                            List<SessionInfo> before = store.sessionsOf(p);
                            long oldest = before.stream().mapToLong(i -> i.lastAccessedAt().toEpochMilli()).min().orElseThrow();
                            before.stream().filter(i -> i.lastAccessedAt().toEpochMilli() == oldest)
                                    .forEach(i -> candidates.add(i.id()));
                        }
                        Session signedIn = store.login(s, p);
                        handles.set(h, signedIn);
                        if (!candidates.isEmpty()) {
                            Set<String> listed = ids(store.sessionsOf(p));
                            List<String> evicted = candidates.stream().filter(id -> !listed.contains(id)).toList();
                            assertThat(evicted).as("exactly one least recently used session evicted").hasSize(1);
                            model.get(p).remove(evicted.get(0));
                        }
                        model.get(p).add(signedIn.id());
                    }
                    case 2 -> store.find(s.id()).ifPresent(loaded -> handles.set(h, loaded));
                    case 3 -> {
                        store.destroy(s.id(), DestroyReason.LOGOUT);
                        forget(model, s.id());
                    }
                    case 4 -> {
                        store.logoutEverywhere(principals[op.principal()]);
                        model.get(principals[op.principal()]).clear();
                    }
                    default -> store.find(s.id()).ifPresent(loaded -> {
                        loaded.setIdleTimeout(Duration.ofMillis(1));
                        store.save(loaded);
                        StoreContract.sleep(3);
                        forget(model, s.id());
                    });
                }
            }
            for (String p : principals) {
                assertThat(ids(store.sessionsOf(p))).as("sessionsOf(%s) after %s", p, op).isEqualTo(model.get(p));
            }
        }
        return model.values().stream().mapToInt(Set::size).sum();
    }

    private static void forget(Map<String, Set<String>> model, String id) {
        model.values().forEach(ids -> ids.remove(id));
    }

    private static Set<String> ids(List<SessionInfo> infos) {
        return infos.stream().map(SessionInfo::id).collect(Collectors.toSet());
    }
}
