package dev.sessionkeeper;

import dev.sessionkeeper.testkit.RedisExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * What every contract test needs: the Redis of the topology a subclass binds, a fresh namespace
 * per test (so tests share a server without seeing each other), stores built on it and closed
 * afterwards, and direct access to Redis for inspection.
 */
abstract class RedisContract {

    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    abstract RedisExtension redis();

    private final List<SessionStore> stores = new ArrayList<>();
    RawRedis raw;
    String namespace;

    @BeforeEach
    void connectRaw() {
        raw = RawRedis.connect(redis().uri(), redis().nodeUris());
        namespace = "t" + NAMESPACES.incrementAndGet() + "x" + System.nanoTime() % 100000;
    }

    @AfterEach
    void closeAll() throws Exception {
        stores.forEach(SessionStore::close);
        raw.close();
    }

    SessionStore store(Consumer<SessionStoreBuilder> config) {
        SessionStoreBuilder b = SessionStore.builder().redis(redis().uri()).namespace(namespace);
        config.accept(b);
        SessionStore s = b.build();
        stores.add(s);
        return s;
    }

    SessionStore store() {
        return store(b -> { });
    }

    String sessionKey(String id) {
        return namespace + ":{" + id.substring(0, 3) + "}:s:" + id;
    }

    EventLog log() {
        return EventLog.read(raw, namespace, 16);
    }
}
