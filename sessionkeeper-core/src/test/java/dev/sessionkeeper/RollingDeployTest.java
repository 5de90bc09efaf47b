package dev.sessionkeeper;

import dev.sessionkeeper.codec.CodecException;
import dev.sessionkeeper.codec.JsonAttributeCodec;
import dev.sessionkeeper.testkit.RedisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A rolling deploy: two versions of an application share one Redis, and only the newer one
 * registers a codec alias. The older one serves the session, cannot read that one attribute,
 * and never touches its bytes; the newer one finds it intact.
 */
class RollingDeployTest {

    record Cart(List<String> items, int total) {
    }

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standalone();

    @Test
    void anAttributeOfAnUnknownAliasNeverCostsTheSession() {
        JsonAttributeCodec newer = JsonAttributeCodec.builder().register("cart", Cart.class).build();
        JsonAttributeCodec older = JsonAttributeCodec.defaults();
        try (SessionStore next = SessionStore.builder().redis(REDIS.uri()).namespace("deploy").codec(newer).build();
             SessionStore previous = SessionStore.builder().redis(REDIS.uri()).namespace("deploy").codec(older).build();
             RawRedis raw = RawRedis.connect(REDIS.uri(), List.of(REDIS.uri()))) {
            Session s = next.newSession();
            s.set("cart", new Cart(List.of("apple", "pear"), 7));
            s.set("theme", "dark");
            next.save(s);
            String key = "deploy:{" + s.id().substring(0, 3) + "}:s:" + s.id();
            String storedCart = SessionValue.field(raw.sync(), key, ".cart");

            Session seen = previous.find(s.id()).orElseThrow();
            assertThat(seen.get("theme")).isEqualTo("dark");
            assertThatThrownBy(() -> seen.get("cart")).isInstanceOf(CodecException.class)
                    .hasMessageContaining("'cart'").hasMessageContaining("alias 'cart'");
            assertThatThrownBy(() -> seen.get("cart", Object.class)).isInstanceOf(CodecException.class)
                    .hasMessageContaining("'cart'");
            assertThat(seen.attributeNames()).containsExactly("theme");
            assertThat(seen.undecodableAttributeNames()).containsExactly("cart");
            seen.set("theme", "light");
            assertThat(previous.save(seen)).isEqualTo(SaveResult.SAVED);
            assertThat(previous.stats().corruptSessions()).isZero();

            assertThat(SessionValue.field(raw.sync(), key, ".cart")).isEqualTo(storedCart);
            Session back = next.find(s.id()).orElseThrow();
            assertThat(back.get("cart")).isEqualTo(new Cart(List.of("apple", "pear"), 7));
            assertThat(back.get("theme")).isEqualTo("light");

            // The older version may still replace or remove the attribute on purpose.
            Session again = previous.find(s.id()).orElseThrow();
            again.remove("cart");
            previous.save(again);
            assertThat(SessionValue.field(raw.sync(), key, ".cart")).isNull();
        }
    }
}
