package dev.sessionkeeper;

import dev.sessionkeeper.events.GroupStatus;
import dev.sessionkeeper.internal.LuaScript;
import io.lettuce.core.Consumer;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event retention and consumer groups: trimming never takes an entry that an existing group
 * has not been delivered, up to the hard bound (10 x eventsMaxLength), which holds whatever
 * the groups do and is reported when it takes entries from a group.
 */
abstract class RetentionContract extends RedisContract {

    static final int MAX_LENGTH = 100;

    String stream() {
        return namespace + ":{000}:events";
    }

    SessionStore oneShardStore() {
        return store(b -> b.shards(1).eventsMaxLength(MAX_LENGTH));
    }

    void group(String name) {
        raw.sync().xgroupCreate(XReadArgs.StreamOffset.from(stream(), "$"), name, XGroupCreateArgs.Builder.mkstream());
    }

    List<StreamMessage<String, String>> read(String group, long count) {
        List<StreamMessage<String, String>> got = raw.sync().xreadgroup(Consumer.from(group, "c1"),
                XReadArgs.Builder.count(count), XReadArgs.StreamOffset.lastConsumed(stream()));
        return got == null ? List.of() : got;
    }

    static void createSessions(SessionStore store, int n) {
        for (int i = 0; i < n; i++) {
            store.create();
        }
    }

    boolean redis7() {
        String info = raw.sync().info("server");
        return !info.contains("redis_version:6.");
    }

    @Test
    void aBurstFarBeyondTheLengthNeverTrimsWhatAGroupHasNotBeenDelivered() {
        SessionStore store = oneShardStore();
        group("billing");
        createSessions(store, 5);
        assertThat(read("billing", 5)).hasSize(5);

        // A principal with many sessions logs out everywhere: far more events than the length.
        for (int i = 0; i < 150; i++) {
            store.login(store.create(), "burst");
        }
        assertThat(store.logoutEverywhere("burst")).isEqualTo(150);
        long written = 150 * 4;

        List<StreamMessage<String, String>> rest = read("billing", 100_000);
        assertThat(rest).as("events the group had not been delivered").hasSize((int) written);
        assertThat(rest.get(rest.size() - 1).getBody()).containsEntry("type", "destroyed");
    }

    @Test
    void onceEveryGroupHasBeenDeliveredTheStreamIsTrimmedToItsLength() {
        SessionStore store = oneShardStore();
        group("billing");
        createSessions(store, 1000);
        assertThat(raw.sync().xlen(stream())).isEqualTo(1000);
        assertThat(read("billing", 100_000)).hasSize(1000);
        createSessions(store, 300);
        assertThat(raw.sync().xlen(stream())).isBetween((long) MAX_LENGTH, (long) MAX_LENGTH + 300);
        assertThat(read("billing", 100_000)).hasSize(300);
    }

    @Test
    void withoutGroupsTheStreamIsTrimmedToItsLength() {
        SessionStore store = oneShardStore();
        createSessions(store, 1000);
        assertThat(raw.sync().xlen(stream())).isBetween((long) MAX_LENGTH, (long) MAX_LENGTH + 200);
    }

    @Test
    void ageTrimmingStopsAtTheSlowestGroup() {
        SessionStore store = oneShardStore();
        group("billing");
        createSessions(store, 5);
        assertThat(read("billing", 5)).hasSize(5);
        createSessions(store, 600);
        StoreContract.sleep(20);
        raw.sync().eval(LuaScript.load("trim").body(), ScriptOutputType.INTEGER, new String[] {stream()}, "1");
        assertThat(read("billing", 100_000)).hasSize(600);
        // Now delivered, the old entries go.
        raw.sync().eval(LuaScript.load("trim").body(), ScriptOutputType.INTEGER, new String[] {stream()}, "1");
        assertThat(raw.sync().xlen(stream())).isLessThan(200);
    }

    @Test
    void theHardBoundHoldsAndWhatItTakesFromAGroupIsCountedAndReported() {
        SessionStore store = oneShardStore();
        group("stalled");
        int written = 3000;
        createSessions(store, written);
        long length = raw.sync().xlen(stream());
        long hard = 10L * MAX_LENGTH;
        assertThat(length).as("the hard bound").isBetween(hard - 100, hard + 100);

        GroupStatus status = store.inspector().shards().get(0).groups().get(0);
        assertThat(status.name()).isEqualTo("stalled");
        assertThat(status.retention()).isEqualTo(hard);
        assertThat(status.nearRetention()).isTrue();
        if (redis7()) {
            assertThat(status.lost()).isEqualTo(written - length);
        } else {
            assertThat(status.lost()).isEqualTo(-1);
        }
    }

    @Test
    void aGroupWellWithinRetentionIsNotNearIt() {
        SessionStore store = oneShardStore();
        group("fine");
        createSessions(store, 50);
        GroupStatus status = store.inspector().shards().get(0).groups().get(0);
        assertThat(status.lag()).isEqualTo(50);
        assertThat(status.lost()).isEqualTo(redis7() ? 0 : -1);
        assertThat(status.nearRetention()).isFalse();
    }
}
