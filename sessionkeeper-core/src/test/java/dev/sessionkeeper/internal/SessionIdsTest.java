package dev.sessionkeeper.internal;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionIdsTest {

    @Test
    void generatedIdsAreWellFormedDistinctAndCarryTheirShard() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String id = SessionIds.generate(i % 1000);
            assertThat(SessionIds.isWellFormed(id)).as(id).isTrue();
            assertThat(Integer.parseInt(id.substring(0, 3))).isEqualTo(i % 1000);
            assertThat(seen.add(id)).isTrue();
        }
    }

    @Test
    void randomPartCarriesAtLeast128Bits() {
        assertThat(SessionIds.RANDOM_BYTES * 8).isGreaterThanOrEqualTo(128);
        // Every random character position takes many values: no constant or biased position.
        for (int pos = 3; pos < SessionIds.LENGTH - 1; pos++) {
            Set<Character> chars = new HashSet<>();
            for (int i = 0; i < 2000; i++) {
                chars.add(SessionIds.generate(0).charAt(pos));
            }
            assertThat(chars).as("position " + pos).hasSizeGreaterThan(50);
        }
    }

    @Test
    void redactionKeepsOnlyAPrefix() {
        String id = SessionIds.generate(7);
        assertThat(SessionIds.redact(id)).isEqualTo(id.substring(0, 7) + "...");
        assertThat(SessionIds.redact("garbage")).isEqualTo("<malformed>");
    }

    @Test
    void shardOutOfRangeIsRefused() {
        assertThatThrownBy(() -> SessionIds.shardTag(1000)).isInstanceOf(IllegalArgumentException.class);
        assertThat(SessionIds.shardTag(7)).isEqualTo("007");
        assertThat(SessionIds.shardTag(42)).isEqualTo("042");
    }
}
