package dev.sessionkeeper;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A namespace records the storage format of its keys, and a store or worker that finds a format
 * it cannot read refuses to start instead of misreading (or overwriting) the data.
 */
abstract class StorageFormatContract extends RedisContract {

    private String formatKey() {
        return namespace + ":format";
    }

    @Test
    void aNewNamespaceRecordsTheFormatItIsWrittenIn() {
        SessionStore store = store();
        store.save(store.newSession());

        assertThat(raw.sync().get(formatKey())).isEqualTo("3");
    }

    @Test
    void aNamespaceInAnUnknownFormatIsRefusedBeforeAnythingIsWritten() {
        raw.sync().set(formatKey(), "4");

        assertThatThrownBy(this::store)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("namespace '" + namespace + "'")
                .hasMessageContaining("storage format 4")
                .hasMessageContaining("reads format 3")
                .hasMessageContaining("new namespace");
        assertThat(raw.sync().get(formatKey())).isEqualTo("4");
        assertThat(raw.sync().exists(namespace + ":shards")).isZero();
    }

    @Test
    void aNamespaceInFormatTwoIsRefusedWithItsSessionsUntouched() {
        // What a store of the previous version leaves: a format record of 2, sessions as hashes.
        SessionStore first = store();
        Session s = first.newSession();
        s.set("theme", "dark");
        first.save(s);
        raw.sync().set(formatKey(), "2");
        String hash = namespace + ":{000}:s:000AAAAAAAAAAAAAAAAAAAAAAAA";
        raw.sync().hset(hash, Map.of("@p", "alice", ".theme", "\"dark\""));
        byte[] before = SessionValue.get(raw, sessionKey(s.id()));

        assertThatThrownBy(this::store)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("namespace '" + namespace + "'")
                .hasMessageContaining("storage format 2")
                .hasMessageContaining("reads format 3")
                .hasMessageContaining("Run a sessionkeeper version that reads that format")
                .hasMessageContaining("new namespace");
        assertThat(raw.sync().get(formatKey())).isEqualTo("2");
        assertThat(SessionValue.get(raw, sessionKey(s.id()))).isEqualTo(before);
        assertThat(raw.sync().hgetall(hash)).containsEntry("@p", "alice").hasSize(2);
    }

    @Test
    void anUnreadableFormatRecordIsRefusedWithItsBytesEscaped() {
        raw.sync().set(formatKey(), "v2\n\u0007");

        assertThatThrownBy(this::store)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("v2\\x0a\\x07")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aWorkerStartingOnANamespaceMovedToAnotherFormatRefusesToStart() {
        SessionStore store = store();
        Session s = store.newSession();
        s.setIdleTimeout(Duration.ofMillis(50));
        store.save(s);
        // Another version took the namespace over meanwhile.
        raw.sync().set(formatKey(), "4");

        assertThatThrownBy(() -> store.expiryWorker().start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("storage format 4");
        StoreContract.sleep(200);
        assertThat(raw.sync().exists(sessionKey(s.id()))).isEqualTo(1);
    }

    @Test
    void aNamespaceFromBeforeTheRecordIsTakenAsFormatOneAndRefused() {
        // What a store of version 0.1 leaves: a shard count, sessions, no format record.
        SessionStore first = store();
        Session s = first.newSession();
        s.set("theme", "dark");
        first.save(s);
        raw.sync().del(formatKey());
        byte[] before = SessionValue.get(raw, sessionKey(s.id()));

        assertThatThrownBy(this::store)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("storage format 1")
                .hasMessageContaining("reads format 3");
        assertThat(raw.sync().get(formatKey())).isEqualTo("1");
        assertThat(SessionValue.get(raw, sessionKey(s.id()))).isEqualTo(before);
    }
}
