package dev.sessionkeeper.internal;

import dev.sessionkeeper.AttributeTooLargeException;
import dev.sessionkeeper.codec.AttributeCodec;
import dev.sessionkeeper.codec.CodecException;
import dev.sessionkeeper.codec.JsonAttributeCodec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A session's change tracking on its own, without Redis: what a save would send, and how what
 * was sent folds back into the loaded state.
 */
class SessionStateTest {

    private static final AttributeCodec CODEC = JsonAttributeCodec.defaults();
    private static final SizeLimits LIMITS = new SizeLimits(1024, 4096);
    private static final String ID = SessionIds.generate(7);

    /** A session as the decoder makes it from a stored value holding {@code theme = "dark"} and a list. */
    private static SessionState loaded() {
        Map<String, byte[]> stored = new HashMap<>();
        Map<String, Object> values = new HashMap<>();
        stored.put("theme", CODEC.encode("dark"));
        values.put("theme", "dark");
        stored.put("cart", CODEC.encode(List.of("a")));
        values.put("cart", CODEC.decode(CODEC.encode(List.of("a"))));
        return SessionState.loaded(ID, CODEC, LIMITS)
                .createdAt(1_000).lastAccessedAt(2_000).expiresAt(3_000)
                .idleTimeoutMs(60_000).absoluteTimeoutMs(0).version(4).principal("alice")
                .attributes(new SessionState.Attributes(stored, values, Map.of()))
                .build();
    }

    @Test
    void aLoadedSessionCarriesItsMetadataByName() {
        SessionState s = loaded();

        assertThat(s.isNew()).isFalse();
        assertThat(s.createdAt()).isEqualTo(Instant.ofEpochMilli(1_000));
        assertThat(s.lastAccessedAt()).isEqualTo(Instant.ofEpochMilli(2_000));
        assertThat(s.expiresAt()).isEqualTo(Instant.ofEpochMilli(3_000));
        assertThat(s.idleTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.absoluteTimeout()).isZero();
        assertThat(s.version()).isEqualTo(4);
        assertThat(s.principal()).isEqualTo("alice");
        assertThat(s.attributeNames()).containsExactlyInAnyOrder("theme", "cart");
        assertThat(s.hasChanges()).isFalse();
    }

    @Test
    void aSaveSendsExactlyTheSetsAndRemovalsOfTheRequest() {
        SessionState s = loaded();
        s.set("lang", "fr");
        s.remove("theme");
        s.set("tmp", 1);
        s.remove("tmp");

        SessionState.Changes changes = s.pendingChanges();

        assertThat(changes.sets()).containsOnlyKeys("lang");
        assertThat(changes.removals()).containsExactly("theme");
        assertThat(changes.idleMs()).isEqualTo(-1);
    }

    @Test
    void whatWasSentFoldsInAndASetMadeDuringTheSaveStaysPending() {
        SessionState s = loaded();
        s.set("lang", "fr");
        SessionState.Changes sent = s.pendingChanges();
        s.set("late", "in flight");

        s.saved(sent, 9_000, 5);

        assertThat(s.pendingChanges().sets()).containsOnlyKeys("late");
        assertThat(s.version()).isEqualTo(5);
        assertThat(s.expiresAt()).isEqualTo(Instant.ofEpochMilli(9_000));
        assertThat(s.get("lang")).isEqualTo("fr");
    }

    @Test
    void aValueSetAgainWhileTheSaveWasInFlightStaysPending() {
        SessionState s = loaded();
        s.set("lang", "fr");
        SessionState.Changes sent = s.pendingChanges();
        s.set("lang", "de");

        s.saved(sent, 9_000, 5);

        assertThat(s.pendingChanges().sets()).containsOnlyKeys("lang");
        assertThat(CODEC.decode(s.pendingChanges().sets().get("lang"))).isEqualTo("de");
    }

    @Test
    void aNewIdleTimeoutIsPendingUntilSaved() {
        SessionState s = loaded();
        s.setIdleTimeout(Duration.ofSeconds(5));

        assertThat(s.hasChanges()).isTrue();
        assertThat(s.idleTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.idleTimeoutMs()).isEqualTo(60_000);
        assertThat(s.effectiveIdleTimeoutMs()).isEqualTo(5_000);

        s.saved(s.pendingChanges(), 9_000, 5);

        assertThat(s.idleTimeoutMs()).isEqualTo(5_000);
        assertThat(s.pendingChanges().idleMs()).isEqualTo(-1);
        assertThat(s.hasChanges()).isFalse();
    }

    @Test
    void aValueChangedInPlaceAfterItWasReadIsSaved() {
        SessionState s = loaded();
        @SuppressWarnings("unchecked")
        List<Object> cart = (List<Object>) s.get("cart");
        cart.add("b");

        assertThat(s.hasChanges()).isTrue();
        assertThat(CODEC.decode(s.pendingChanges().sets().get("cart"))).isEqualTo(new ArrayList<>(List.of("a", "b")));
    }

    @Test
    void readingAnImmutableValueCostsNoSave() {
        SessionState s = loaded();
        assertThat(s.get("theme")).isEqualTo("dark");

        assertThat(s.hasChanges()).isFalse();
    }

    @Test
    void aDraftIsNewUntilCreatedThenCarriesRedisTimes() {
        SessionState s = SessionState.draft(ID, CODEC, LIMITS, 60_000, 0);
        s.set("a", "b");

        assertThat(s.isNew()).isTrue();
        assertThat(s.createdAt()).isNull();
        assertThat(s.hasChanges()).isTrue();

        s.created(s.pendingChanges(), 5_000, 65_000);

        assertThat(s.isNew()).isFalse();
        assertThat(s.createdAt()).isEqualTo(Instant.ofEpochMilli(5_000));
        assertThat(s.lastAccessedAt()).isEqualTo(Instant.ofEpochMilli(5_000));
        assertThat(s.expiresAt()).isEqualTo(Instant.ofEpochMilli(65_000));
        assertThat(s.version()).isZero();
        assertThat(s.hasChanges()).isFalse();
    }

    @Test
    void theAbsoluteTimeoutIsFixedOnceSaved() {
        SessionState draft = SessionState.draft(ID, CODEC, LIMITS, 60_000, 0);
        draft.setAbsoluteTimeout(Duration.ofHours(1));
        assertThat(draft.absoluteTimeoutMs()).isEqualTo(3_600_000);

        assertThatThrownBy(() -> loaded().setAbsoluteTimeout(Duration.ofHours(1)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anOversizedValueIsRefusedAndThePreviousOneKept() {
        SessionState s = loaded();

        assertThatThrownBy(() -> s.set("theme", "x".repeat(2_000))).isInstanceOf(AttributeTooLargeException.class);
        assertThat(s.get("theme")).isEqualTo("dark");
        assertThat(s.hasChanges()).isFalse();
    }

    @Test
    void anUndecodableAttributeIsKeptAsStoredUntilReplaced() {
        byte[] bytes = "{\"@type\":\"unknown-alias\",\"v\":1}".getBytes();
        SessionState s = SessionState.loaded(ID, CODEC, LIMITS)
                .createdAt(1).lastAccessedAt(2).expiresAt(3).idleTimeoutMs(60_000).absoluteTimeoutMs(0).version(1)
                .attributes(new SessionState.Attributes(Map.of("later", bytes), Map.of(), Map.of("later", "unknown alias")))
                .build();

        assertThat(s.undecodableAttributeNames()).containsExactly("later");
        assertThatThrownBy(() -> s.get("later")).isInstanceOf(CodecException.class);
        assertThat(s.hasChanges()).isFalse();

        s.set("later", "replaced");
        assertThat(s.undecodableAttributeNames()).isEmpty();
        assertThat(s.pendingChanges().sets()).containsOnlyKeys("later");
    }

    @Test
    void goneAndFenceAreTheStoresMarks() {
        SessionState s = loaded();
        assertThat(s.isGone()).isFalse();
        assertThat(s.fence()).isEmpty();

        s.fence("owner:7");
        s.markGone();

        assertThat(s.fence()).isEqualTo("owner:7");
        assertThat(s.isGone()).isTrue();
    }
}
