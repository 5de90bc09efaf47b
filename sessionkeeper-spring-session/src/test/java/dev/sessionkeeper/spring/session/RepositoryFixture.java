package dev.sessionkeeper.spring.session;

import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.SessionStoreBuilder;
import dev.sessionkeeper.testkit.RedisExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * What the repository tests share: the Redis of the topology a subclass binds, a fresh
 * namespace per test, stores built on it and closed afterwards.
 */
abstract class RepositoryFixture {

    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    abstract RedisExtension redis();

    private final List<SessionStore> stores = new ArrayList<>();
    String namespace;
    RedisCalls calls;

    @BeforeEach
    void freshNamespace() {
        namespace = "sp" + NAMESPACES.incrementAndGet() + "x" + System.nanoTime() % 100000;
        calls = new RedisCalls(redis().nodeUris());
    }

    @AfterEach
    void closeStores() {
        stores.forEach(SessionStore::close);
    }

    SessionStore store(Consumer<SessionStoreBuilder> config) {
        SessionStoreBuilder b = SessionStore.builder().redis(redis().uri()).namespace(namespace)
                .codec(SpringAttributeCodec.defaults());
        config.accept(b);
        SessionStore s = b.build();
        stores.add(s);
        return s;
    }

    SessionKeeperSessionRepository repository(Consumer<SessionStoreBuilder> config) {
        return new SessionKeeperSessionRepository(store(config));
    }

    SessionKeeperSessionRepository repository() {
        return repository(b -> { });
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
