package dev.sessionkeeper;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random sequences of store operations, run against real Redis (standalone and cluster) and
 * against an in-memory model of what the store promises; every observable result must match.
 * Several loaded copies of one session change and save independently, as concurrent requests
 * do, so the model checks per-attribute merging and that nothing comes back after destroy.
 */
class StoreModelProperties extends BothTopologies {

    private static final AtomicInteger TRIES = new AtomicInteger();

    sealed interface Op permits Create, Load, Set, Remove, Save, Destroy, Exists, Count {
    }

    record Create(Map<String, Object> attributes) implements Op {
    }

    record Load(int session) implements Op {
    }

    record Set(int handle, String name, Object value) implements Op {
    }

    record Remove(int handle, String name) implements Op {
    }

    record Save(int handle) implements Op {
    }

    record Destroy(int session) implements Op {
    }

    record Exists(int session) implements Op {
    }

    record Count() implements Op {
    }

    @Property(tries = 150)
    void standaloneBehavesLikeTheModel(@ForAll("programs") List<Op> program) {
        run(standalone.uri(), program);
    }

    @Property(tries = 60)
    void clusterBehavesLikeTheModel(@ForAll("programs") List<Op> program) {
        run(cluster.uri(), program);
    }

    @Provide
    Arbitrary<List<Op>> programs() {
        Arbitrary<String> names = Arbitraries.of("a", "b", "c", "d");
        Arbitrary<Object> values = Arbitraries.oneOf(
                Arbitraries.integers().between(-5, 5).map(i -> (Object) i),
                Arbitraries.strings().withChars("xyz{}:é").ofMaxLength(4).map(s -> (Object) s));
        Arbitrary<Integer> index = Arbitraries.integers().between(0, 7);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, Arbitraries.maps(names, values).ofMaxSize(3).map(m -> (Op) new Create(m))),
                net.jqwik.api.Tuple.of(4, index.map(i -> (Op) new Load(i))),
                net.jqwik.api.Tuple.of(5, net.jqwik.api.Combinators.combine(index, names, values).as((i, n, v) -> (Op) new Set(i, n, v))),
                net.jqwik.api.Tuple.of(2, net.jqwik.api.Combinators.combine(index, names).as((i, n) -> (Op) new Remove(i, n))),
                net.jqwik.api.Tuple.of(4, index.map(i -> (Op) new Save(i))),
                net.jqwik.api.Tuple.of(1, index.map(i -> (Op) new Destroy(i))),
                net.jqwik.api.Tuple.of(1, index.map(i -> (Op) new Exists(i))),
                net.jqwik.api.Tuple.of(1, Arbitraries.just((Op) new Count())));
        return op.list().ofMinSize(1).ofMaxSize(40);
    }

    /** What one loaded copy (one request's view) holds, as the store promises it behaves. */
    static final class ModelHandle {
        final Session session;
        final Map<String, Object> visible = new HashMap<>();
        final java.util.Set<String> stored = new HashSet<>();
        final Map<String, Object> pendingSets = new LinkedHashMap<>();
        final java.util.Set<String> pendingRemovals = new HashSet<>();
        boolean gone;

        ModelHandle(Session session, Map<String, Object> loaded) {
            this.session = session;
            visible.putAll(loaded);
            stored.addAll(loaded.keySet());
        }
    }

    private void run(String uri, List<Op> program) {
        String namespace = "m" + TRIES.incrementAndGet();
        try (SessionStore store = SessionStore.builder().redis(uri).namespace(namespace)
                .idleTimeout(Duration.ofMinutes(10)).build()) {
            List<String> ids = new ArrayList<>();
            Map<String, Map<String, Object>> live = new HashMap<>();
            List<ModelHandle> handles = new ArrayList<>();
            for (Op op : program) {
                if (op instanceof Create c) {
                    Session s = store.newSession();
                    c.attributes().forEach(s::set);
                    assertThat(store.save(s)).isEqualTo(SaveResult.SAVED);
                    ids.add(s.id());
                    live.put(s.id(), new HashMap<>(c.attributes()));
                } else if (op instanceof Load l) {
                    if (ids.isEmpty()) {
                        continue;
                    }
                    String id = ids.get(l.session() % ids.size());
                    Optional<Session> found = store.find(id);
                    assertThat(found.isPresent()).as("find %s", l).isEqualTo(live.containsKey(id));
                    found.ifPresent(s -> {
                        assertThat(snapshot(s)).isEqualTo(live.get(id));
                        handles.add(new ModelHandle(s, live.get(id)));
                    });
                } else if (op instanceof Set st) {
                    if (handles.isEmpty()) {
                        continue;
                    }
                    ModelHandle h = handles.get(st.handle() % handles.size());
                    h.session.set(st.name(), st.value());
                    h.visible.put(st.name(), st.value());
                    h.pendingSets.put(st.name(), st.value());
                    h.pendingRemovals.remove(st.name());
                } else if (op instanceof Remove r) {
                    if (handles.isEmpty()) {
                        continue;
                    }
                    ModelHandle h = handles.get(r.handle() % handles.size());
                    h.session.remove(r.name());
                    if (h.visible.remove(r.name()) != null) {
                        h.pendingSets.remove(r.name());
                        if (h.stored.contains(r.name())) {
                            h.pendingRemovals.add(r.name());
                        }
                    }
                } else if (op instanceof Save sv) {
                    if (handles.isEmpty()) {
                        continue;
                    }
                    ModelHandle h = handles.get(sv.handle() % handles.size());
                    String id = h.session.id();
                    SaveResult expected;
                    if (h.gone) {
                        expected = SaveResult.GONE;
                    } else if (h.pendingSets.isEmpty() && h.pendingRemovals.isEmpty()) {
                        expected = SaveResult.UNCHANGED;
                    } else if (!live.containsKey(id)) {
                        expected = SaveResult.GONE;
                        h.gone = true;
                    } else {
                        expected = SaveResult.SAVED;
                        live.get(id).putAll(h.pendingSets);
                        h.pendingRemovals.forEach(live.get(id)::remove);
                        h.stored.addAll(h.pendingSets.keySet());
                        h.stored.removeAll(h.pendingRemovals);
                        h.pendingSets.clear();
                        h.pendingRemovals.clear();
                    }
                    assertThat(store.save(h.session)).as("save %s", sv).isEqualTo(expected);
                    assertThat(snapshot(h.session)).isEqualTo(h.visible);
                } else if (op instanceof Destroy d) {
                    if (ids.isEmpty()) {
                        continue;
                    }
                    String id = ids.get(d.session() % ids.size());
                    assertThat(store.destroy(id, DestroyReason.LOGOUT)).isEqualTo(live.remove(id) != null);
                } else if (op instanceof Exists e) {
                    if (ids.isEmpty()) {
                        continue;
                    }
                    String id = ids.get(e.session() % ids.size());
                    assertThat(store.exists(id)).isEqualTo(live.containsKey(id));
                } else if (op instanceof Count) {
                    assertThat(store.count()).isEqualTo(live.size());
                }
            }
            for (String id : ids) {
                Optional<Session> found = store.find(id);
                assertThat(found.map(StoreModelProperties::snapshot).orElse(null)).isEqualTo(live.get(id));
            }
        }
    }

    private static Map<String, Object> snapshot(Session s) {
        Map<String, Object> out = new HashMap<>();
        for (String name : s.attributeNames()) {
            out.put(name, s.get(name));
        }
        return out;
    }

}
