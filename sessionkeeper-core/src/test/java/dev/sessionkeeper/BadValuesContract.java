package dev.sessionkeeper;

import dev.sessionkeeper.internal.LuaScript;
import dev.sessionkeeper.internal.SessionIds;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Values that pass a type check but would break a session: durations beyond any sensible
 * bound, and metadata in Redis that no script writes. Each is refused before it can write, or
 * treated as corrupt, never served.
 */
abstract class BadValuesContract extends RedisContract {

    static final long HUGE_ABSOLUTE_MS = 1_700_000_000_000_000L;

    String dueKey(String id) {
        return namespace + ":{" + id.substring(0, 3) + "}:due";
    }

    String[] sessionKeys(String id) {
        String tag = namespace + ":{" + id.substring(0, 3) + "}:";
        return new String[] {sessionKey(id), tag + "due", tag + "events", tag + "principals", tag + "lock:" + id};
    }

    @Test
    void theBuilderRefusesDurationsBeyondTenYearsNamingTheSetting() {
        SessionStoreBuilder b = SessionStore.builder();
        assertThatThrownBy(() -> b.absoluteTimeout(Duration.ofMillis(HUGE_ABSOLUTE_MS)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute timeout")
                .hasMessageContaining("at most 3650 days");
        assertThatThrownBy(() -> b.idleTimeout(Duration.ofMillis(Long.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idle timeout");
        assertThatThrownBy(() -> b.expiryGrace(Duration.ofDays(3651)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expiry grace");
        assertThatThrownBy(() -> b.quarantineRetention(Duration.ofDays(20_000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quarantine retention");
        assertThatThrownBy(() -> b.eventsMaxAge(Duration.ofSeconds(Long.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("events max age");
        b.idleTimeout(SessionStoreBuilder.MAX_DURATION).absoluteTimeout(SessionStoreBuilder.MAX_DURATION);
    }

    @Test
    void theSessionSettersRefuseDurationsBeyondTenYears() {
        SessionStore store = store();
        Session draft = store.newSession();
        assertThatThrownBy(() -> draft.setAbsoluteTimeout(Duration.ofMillis(HUGE_ABSOLUTE_MS)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute timeout");
        assertThatThrownBy(() -> draft.setIdleTimeout(Duration.ofMillis(Long.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idle timeout");
        draft.set("k", "v");
        store.save(draft);
        Session loaded = store.find(draft.id()).orElseThrow();
        assertThatThrownBy(() -> loaded.setIdleTimeout(Duration.ofMillis(Long.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idle timeout");
        assertThat(loaded.hasChanges()).isFalse();
    }

    @Test
    void createRefusesAnAbsoluteTimeoutOf1point7e15MsBeforeWriting() {
        String id = SessionIds.generate(3);
        String[] keys = {sessionKey(id), dueKey(id), namespace + ":{003}:events"};
        assertThatThrownBy(() -> raw.sync().eval(LuaScript.load("create").body(), ScriptOutputType.MULTI, keys,
                id, "1800000", Long.toString(HUGE_ABSOLUTE_MS), "300000", "100000", "1", ".k", "\"v\""))
                .isInstanceOf(RedisException.class).hasMessageContaining("absolute timeout");
        assertThat(raw.sync().exists(keys)).isZero();
    }

    @Test
    void createRefusesAnIdleTimeoutOfLongMaxValueBeforeWriting() {
        String id = SessionIds.generate(4);
        String[] keys = {sessionKey(id), dueKey(id), namespace + ":{004}:events"};
        assertThatThrownBy(() -> raw.sync().eval(LuaScript.load("create").body(), ScriptOutputType.MULTI, keys,
                id, Long.toString(Long.MAX_VALUE), "0", "300000", "100000", "1", ".k", "\"v\""))
                .isInstanceOf(RedisException.class).hasMessageContaining("idle timeout");
        assertThat(raw.sync().exists(keys)).as("no session without a TTL, no due entry, no event").isZero();
    }

    @Test
    void rotateInRefusesAnIdleTimeoutOfLongMaxValueBeforeWriting() {
        String id = SessionIds.generate(5);
        String tag = namespace + ":{005}:";
        String[] keys = {sessionKey(id), tag + "due", tag + "events", tag + "principals"};
        assertThatThrownBy(() -> raw.sync().eval(LuaScript.load("rotate_in").body(), ScriptOutputType.MULTI, keys,
                id, "dave", tag + "s:", "300000", "100000", "", "1", "0", "evict", "", Long.toString(Long.MAX_VALUE),
                "0", ""))
                .isInstanceOf(RedisException.class).hasMessageContaining("idle timeout");
        assertThat(raw.sync().exists(keys)).isZero();
    }

    @Test
    void aSaveThatSetsAnIdleTimeoutOfLongMaxValueWritesNothing() {
        SessionStore store = store();
        Session s = store.newSession();
        s.set("k", "v");
        store.save(s);
        byte[] before = SessionValue.get(raw, sessionKey(s.id()));
        assertThatThrownBy(() -> raw.sync().eval(LuaScript.load("save").body(), ScriptOutputType.MULTI,
                sessionKeys(s.id()), s.id(), "300000", "100000", "", "", "", Long.toString(Long.MAX_VALUE), "1",
                ".k", "\"changed\""))
                .isInstanceOf(RedisException.class).hasMessageContaining("idle timeout");
        assertThat(SessionValue.get(raw, sessionKey(s.id()))).isEqualTo(before);
        assertThat(store.find(s.id()).orElseThrow().get("k")).isEqualTo("v");
    }

    @Test
    void findRefusesAGraceBeyondTheBoundBeforeWriting() {
        SessionStore store = store();
        Session s = store.newSession();
        s.set("k", "v");
        store.save(s);
        byte[] before = SessionValue.get(raw, sessionKey(s.id()));
        String[] keys = sessionKeys(s.id());
        keys[4] = namespace + ":{" + s.id().substring(0, 3) + "}:corrupt:" + s.id();
        assertThatThrownBy(() -> raw.sync().eval(LuaScript.load("find").body(), ScriptOutputType.MULTI, keys,
                s.id(), Long.toString(Long.MAX_VALUE), "604800000", "100000", ""))
                .isInstanceOf(RedisException.class).hasMessageContaining("expiry grace");
        assertThat(SessionValue.get(raw, sessionKey(s.id()))).isEqualTo(before);
        assertThat(store.find(s.id())).isPresent();
    }

    @Test
    void aZeroIdleTimeoutInRedisIsCorruptNotServed() {
        SessionStore store = store();
        Session s = store.newSession();
        s.set("k", "v");
        store.save(s);
        SessionHeaderField.IDLE.plant(raw.sync(), sessionKey(s.id()), 0);
        assertThat(store.find(s.id())).isEmpty();
        assertThat(store.stats().corruptSessions()).isEqualTo(1);
        assertThat(log().terminalBySession().get(s.id())).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("reason", "corrupt"));
    }

    /**
     * No client writes a timeout over 10 years, and a rotation hands the stored ones to a script
     * that refuses them, so a session that held one was served by find and then failed its
     * sign-in. Such a header is corrupt like any other number no client could have written.
     */
    @Test
    void aTimeoutBeyondTheLongestSettingInRedisIsCorruptNotServed() {
        SessionStore store = store();
        for (SessionHeaderField field : List.of(SessionHeaderField.IDLE, SessionHeaderField.ABSOLUTE)) {
            Session s = store.newSession();
            s.set("k", "v");
            store.save(s);
            field.plant(raw.sync(), sessionKey(s.id()), SessionStoreBuilder.MAX_DURATION.toMillis());
            assertThat(store.rotate(store.find(s.id()).orElseThrow())).as("%s at the bound", field).isNotNull();
            Session over = store.newSession();
            over.set("k", "v");
            store.save(over);
            field.plant(raw.sync(), sessionKey(over.id()), SessionStoreBuilder.MAX_DURATION.toMillis() + 1);
            assertThat(store.find(over.id())).as("%s over the bound", field).isEmpty();
        }
        assertThat(store.stats().corruptSessions()).isEqualTo(2);
    }

    @Test
    void negativeMetadataOfAnyKindIsCorrupt() {
        SessionStore store = store();
        for (SessionHeaderField field : new SessionHeaderField[] {SessionHeaderField.CREATED,
                SessionHeaderField.LAST_ACCESS, SessionHeaderField.ABSOLUTE, SessionHeaderField.VERSION}) {
            Session s = store.newSession();
            s.set("k", "v");
            store.save(s);
            field.plant(raw.sync(), sessionKey(s.id()), -1);
            assertThat(store.find(s.id())).as(field.name()).isEmpty();
        }
        assertThat(store.stats().corruptSessions()).isEqualTo(4);
    }

    /**
     * The lock's fencing counter is the header's last number: one that no counter of the scripts
     * reaches (1e15 and more, or 2^63 and more, negative to Java's long) cannot issue a token sure to
     * be larger than the last, so the lock refuses the session as gone and a find quarantines it.
     */
    @Test
    void aFencingCounterOf1e15OrMoreIsCorrupt() {
        SessionStore store = store();
        for (long planted : new long[] {1_000_000_000_000_000L, Long.MAX_VALUE, -1L}) {
            Session s = store.newSession();
            s.set("k", "v");
            store.save(s);
            SessionHeaderField.FENCE.plant(raw.sync(), sessionKey(s.id()), planted);
            assertThatThrownBy(() -> store.withLock(s.id(), Duration.ofSeconds(1), Duration.ZERO, x -> null))
                    .as("%d", planted).isInstanceOf(SessionGoneException.class);
            assertThat(store.find(s.id())).as("%d", planted).isEmpty();
        }
        assertThat(store.stats().corruptSessions()).isEqualTo(3);
    }

    /**
     * The counter's last value below 1e15 is still issued; from there it cannot grow without
     * making the header corrupt, so the lock is refused while the session itself stays served.
     */
    @Test
    void theLastFencingCounterBelow1e15IsIssuedAndThenTheLockIsRefused() {
        SessionStore store = store();
        Session s = store.newSession();
        s.set("k", "v");
        store.save(s);
        SessionHeaderField.FENCE.plant(raw.sync(), sessionKey(s.id()), 999_999_999_999_998L);
        Object seen = store.withLock(s.id(), Duration.ofSeconds(1), Duration.ZERO, x -> {
            x.set("k", "w");
            return x.get("k");
        });
        assertThat(seen).isEqualTo("w");
        assertThat(SessionHeaderField.FENCE.read(raw.sync(), sessionKey(s.id()))).isEqualTo(999_999_999_999_999L);

        assertThatThrownBy(() -> store.withLock(s.id(), Duration.ofSeconds(1), Duration.ZERO, x -> null))
                .isInstanceOf(SessionGoneException.class);
        assertThat(SessionHeaderField.FENCE.read(raw.sync(), sessionKey(s.id()))).isEqualTo(999_999_999_999_999L);
        assertThat(store.find(s.id()).orElseThrow().get("k")).isEqualTo("w");
        assertThat(store.stats().corruptSessions()).isZero();
    }
}
