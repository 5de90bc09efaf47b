package dev.sessionkeeper.codec;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonAttributeCodecTest {

    record Item(String sku, int qty) {
    }

    record Cart(List<Item> items, Instant updated) {
    }

    enum Theme { DARK, LIGHT }

    private final JsonAttributeCodec codec = JsonAttributeCodec.builder()
            .register("cart", Cart.class)
            .register("theme", Theme.class)
            .build();

    private Object roundTrip(Object value) {
        return codec.decode(codec.encode(value));
    }

    @Test
    void plainValuesRoundTripToTheirNaturalTypes() {
        assertThat(roundTrip("text")).isEqualTo("text");
        assertThat(roundTrip(42)).isEqualTo(42);
        assertThat(roundTrip(true)).isEqualTo(true);
        assertThat(roundTrip(1.5)).isEqualTo(1.5);
        assertThat(roundTrip(List.of(1, "a"))).isEqualTo(List.of(1, "a"));
        assertThat(roundTrip(Map.of("k", List.of(1)))).isEqualTo(Map.of("k", List.of(1)));
        assertThat(codec.decode(codec.encode(5L), Long.class)).isEqualTo(5L);
        assertThat(codec.decode(codec.encode(new BigDecimal("1.10")), BigDecimal.class)).isEqualByComparingTo("1.10");
    }

    @Test
    void registeredTypesRoundTripUnderTheirAlias() {
        Cart cart = new Cart(List.of(new Item("a", 1), new Item("b", 2)), Instant.parse("2026-01-01T00:00:00Z"));
        byte[] bytes = codec.encode(cart);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).startsWith("@cart:{");
        assertThat(codec.decode(bytes)).isEqualTo(cart);
        assertThat(codec.decode(bytes, Cart.class)).isEqualTo(cart);
        assertThat(roundTrip(Theme.DARK)).isEqualTo(Theme.DARK);
    }

    @Test
    void unregisteredTypesAreRefusedWithAHint() {
        assertThatThrownBy(() -> JsonAttributeCodec.defaults().encode(new Item("a", 1)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("register(\"alias\", Item.class)");
    }

    @Test
    void storedBytesNeverChooseAnUnregisteredClass() {
        byte[] evil = "@java.lang.ProcessBuilder:{\"command\":[\"sh\"]}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> codec.decode(evil)).isInstanceOf(CodecException.class).hasMessageContaining("not registered");
        byte[] typed = "[\"java.lang.ProcessBuilder\",{}]".getBytes(StandardCharsets.UTF_8);
        assertThat(codec.decode(typed)).isInstanceOf(List.class);
    }

    @Test
    void corruptBytesAreCodecExceptions() {
        for (String bad : List.of("{", "not json", "@", "@cart", "\"unterminated", "1 2", "")) {
            assertThatThrownBy(() -> codec.decode(bad.getBytes(StandardCharsets.UTF_8))).as(bad).isInstanceOf(CodecException.class);
        }
    }

    @Test
    void aliasesAreValidatedAndUnique() {
        assertThatThrownBy(() -> JsonAttributeCodec.builder().register("a:b", Item.class)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonAttributeCodec.builder().register("a", Item.class).register("a", Cart.class))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonAttributeCodec.builder().register("a", Item.class).register("b", Item.class))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
