package dev.sessionkeeper.internal;

import dev.sessionkeeper.RawRedis;
import dev.sessionkeeper.Session;
import dev.sessionkeeper.SessionInfo;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.testkit.RedisServer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Principals are identities: two different strings must never become one index. The check
 * therefore accepts only text whose UTF-8 bytes decode back to the very same string, and a
 * refused principal never costs a Redis call.
 */
class PrincipalsProperties {

    private static RedisServer server;
    private static SessionStore store;
    private static RawRedis raw;

    @BeforeContainer
    static void start() {
        server = RedisServer.builder().build().start();
        store = SessionStore.builder().redis(server.uri()).namespace("principals").build();
        raw = RawRedis.connect(server.uri(), List.of(server.uri()));
    }

    @AfterContainer
    static void stop() {
        raw.close();
        store.close();
        server.close();
    }

    @Property
    void anAcceptedPrincipalIsExactlyItsUtf8Bytes(@ForAll("principals") String principal) {
        boolean accepted;
        try {
            Principals.check(principal);
            accepted = true;
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            accepted = false;
        }
        byte[] utf8 = principal.getBytes(StandardCharsets.UTF_8);
        boolean roundTrips = new String(utf8, StandardCharsets.UTF_8).equals(principal);
        if (accepted) {
            assertThat(roundTrips).as("accepted principals round-trip through UTF-8").isTrue();
            assertThat(utf8.length).isBetween(1, Principals.MAX_BYTES);
        } else if (!principal.isEmpty() && utf8.length <= Principals.MAX_BYTES
                && principal.codePoints().noneMatch(Character::isISOControl)) {
            assertThat(roundTrips).as("only text that aliases another is refused").isFalse();
        }
    }

    @Property(tries = 300)
    void aRefusedPrincipalNeverReachesRedis(@ForAll("malformed") String principal) {
        long before = raw.scriptCalls();
        assertThatThrownBy(() -> store.sessionsOf(principal)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.logoutEverywhere(principal)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.login(store.newSession(), principal)).isInstanceOf(IllegalArgumentException.class);
        assertThat(raw.scriptCalls()).isEqualTo(before);
    }

    @Example
    void aLoneSurrogateDoesNotAliasTheQuestionMark() {
        assertThatThrownBy(() -> Principals.check("bob\uD800")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> Principals.check("\uDC00bob")).isInstanceOf(IllegalArgumentException.class);
        Principals.check("bob?");
        Principals.check("b\uD83D\uDE00b");
    }

    @Example
    void principalsAreNotNormalised() {
        // "é" precomposed and decomposed: two spellings, two principals (docs/security.md).
        String composed = "ren\u00e9";
        String decomposed = "rene\u0301";
        Principals.check(composed);
        Principals.check(decomposed);
        Session a = store.login(store.create(), composed);
        Session b = store.login(store.create(), decomposed);
        assertThat(a.principal()).isEqualTo(composed);
        assertThat(store.sessionsOf(composed)).extracting(SessionInfo::id).containsExactly(a.id());
        assertThat(store.sessionsOf(decomposed)).extracting(SessionInfo::id).containsExactly(b.id());
    }

    @Provide
    Arbitrary<String> principals() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMinLength(0).ofMaxLength(12), malformed(),
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20));
    }

    @Provide
    Arbitrary<String> malformed() {
        Arbitrary<String> text = Arbitraries.strings().alpha().ofMaxLength(6);
        Arbitrary<Character> surrogate = Arbitraries.chars().range('\uD800', '\uDFFF');
        return net.jqwik.api.Combinators.combine(text, surrogate, text).as((a, s, b) -> a + s + b)
                .filter(s -> !new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(s));
    }
}
