package dev.sessionkeeper;

import dev.sessionkeeper.codec.CodecException;
import dev.sessionkeeper.codec.JsonAttributeCodec;
import dev.sessionkeeper.testkit.RedisServer;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.sessionkeeper.SessionValue.concat;
import static dev.sessionkeeper.SessionValue.octets;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing the store's input boundaries: ids from clients, bytes from Redis, values from the
 * application. Each property runs {@code jqwik.tries.default} cases (1,000 in CI; the soak mode
 * in docs/reliability.md raises it to 1,000,000). After all of them, a scan of the whole server
 * proves that no key outside the namespace was ever written.
 */
class FuzzProperties {

    private static RedisServer server;
    private static SessionStore store;
    private static RawRedis raw;

    @BeforeContainer
    static void start() {
        server = RedisServer.builder().build().start();
        store = SessionStore.builder().redis(server.uri()).namespace("fuzz").build();
        raw = RawRedis.connect(server.uri(), List.of(server.uri()));
    }

    @AfterContainer
    static void stop() {
        try {
            List<String> outside = new ArrayList<>();
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = raw.sync().scan(cursor, ScanArgs.Builder.limit(1000));
                page.getKeys().stream().filter(k -> !k.startsWith("fuzz:")).forEach(outside::add);
                cursor = page;
            } while (!cursor.isFinished());
            assertThat(outside).as("keys outside the namespace").isEmpty();
        } finally {
            raw.close();
            store.close();
            server.close();
        }
    }

    @Property
    void anyStringAsAnIdIsRefusedOrAbsentAndNeverThrows(@ForAll("ids") String id) {
        assertThat(store.find(id)).isEmpty();
        assertThat(store.exists(id)).isFalse();
        assertThat(store.destroy(id, DestroyReason.ADMIN)).isFalse();
    }

    @Provide
    Arbitrary<String> ids() {
        Arbitrary<String> wellShaped = Arbitraries.strings().withChars("0123456789").ofLength(3)
                .flatMap(shard -> Arbitraries.strings().withCharRange('!', '~').ofLength(24).map(rest -> shard + rest));
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(64), wellShaped,
                Arbitraries.strings().withChars("{}:*?[]\\ \r\n\u0000").ofMaxLength(40));
    }

    @Property
    void anyBytesFromRedisDecodeOrFailCleanly(@ForAll("bytes") byte[] stored) {
        JsonAttributeCodec codec = JsonAttributeCodec.builder().register("cart", List.class).build();
        try {
            codec.decode(stored);
        } catch (CodecException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64),
                Arbitraries.strings().withChars("@cart:{}[]\",0123456789.eEtruefalsn ").ofMaxLength(40)
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)));
    }

    @Property
    void valuesRoundTripThroughTheCodecAndRedis(@ForAll("values") Object value) {
        Session s = store.newSession();
        s.set("v", value);
        store.save(s);
        Session loaded = store.find(s.id()).orElseThrow();
        assertThat(loaded.get("v")).isEqualTo(value);
        store.destroy(s.id(), DestroyReason.ADMIN);
    }

    @Provide
    Arbitrary<Object> values() {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(20).map(x -> (Object) x),
                Arbitraries.integers().map(x -> (Object) x),
                Arbitraries.doubles().between(-1e12, 1e12).filter(d -> d != Math.rint(d)).map(x -> (Object) x),
                Arbitraries.of(true, false).map(x -> (Object) x));
        Arbitrary<Object> list = leaf.list().ofMaxSize(4).map(x -> (Object) x);
        Arbitrary<Object> map = Arbitraries.maps(Arbitraries.strings().all().ofMaxLength(8), leaf).ofMaxSize(4)
                .map(x -> (Object) x);
        return Arbitraries.oneOf(leaf, list, map, Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(5), list)
                .ofMaxSize(3).map(x -> (Object) x));
    }

    @Property
    void corruptValuesNeverEscapeAsExceptions(@ForAll("headers") HeaderEdit header, @ForAll("bodies") byte[] body) {
        Session s = store.login(store.newSession(), "fuzzer");
        String key = "fuzz:{" + s.id().substring(0, 3) + "}:s:" + s.id();
        SessionValue.put(raw, key, concat(header.applyTo(SessionValue.header(raw, key)), body));
        store.exists(s.id());
        store.sessionsOf("nobody");
        store.sessionsOf("fuzzer", "a", "b");
        try {
            store.inspector().describe(s.id());
        } catch (SessionKeeperException corrupt) {
            // An operator's view reports a corrupt session rather than quarantine it.
            assertThat(corrupt).hasMessageContaining("is corrupt in Redis");
        }
        try {
            store.withLock(s.id(), java.time.Duration.ofSeconds(1), java.time.Duration.ZERO, x -> null);
        } catch (SessionGoneException | LockTimeoutException fine) {
            // A corrupt session may well be gone or locked: those are the documented outcomes.
        }
        s.set("a", 1);
        store.save(s);
        store.find(s.id()).ifPresent(store::rotate);
        store.destroy(s.id(), DestroyReason.ADMIN);
        store.find(s.id());
        store.logoutEverywhere("fuzzer");
    }

    /**
     * The live session's header with one of its eight numbers replaced (slot -1: none), then cut
     * to {@code length} bytes (64: whole).
     */
    record HeaderEdit(int slot, long number, int length) {
        byte[] applyTo(byte[] live) {
            ByteBuffer b = ByteBuffer.wrap(live.clone());
            if (slot >= 0) {
                b.putLong(slot * Long.BYTES, number);
            }
            return Arrays.copyOf(b.array(), length);
        }
    }

    @Provide
    Arbitrary<HeaderEdit> headers() {
        Arbitrary<Long> numbers = Arbitraries.oneOf(
                Arbitraries.of(0L, 1L, 999_999_999_999_999L, 1_000_000_000_000_000L, -1L, Long.MAX_VALUE,
                        Long.MIN_VALUE),
                Arbitraries.longs());
        Arbitrary<Integer> lengths = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(SessionValue.HEADER_BYTES)),
                Tuple.of(1, Arbitraries.integers().between(0, SessionValue.HEADER_BYTES - 1)));
        return Combinators.combine(Arbitraries.integers().between(-1, 7), numbers, lengths).as(HeaderEdit::new);
    }

    /**
     * Bodies: maps of strings under any key, maps of any MessagePack items (numbers, nil, booleans,
     * arrays, nested maps, binary), any bytes, and a map with any bytes behind it.
     */
    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<String> fields = Arbitraries.oneOf(Arbitraries.of("@p", "@f", "@m", "@d", ".a", ".b", "junk", ""),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(6));
        Arbitrary<String> values = Arbitraries.oneOf(Arbitraries.of("0", "-1", "1e300", "nan", "", "{", "\"x\"", "@cart:[1]"),
                Arbitraries.strings().all().ofMaxLength(10));
        Arbitrary<byte[]> stringMaps = Arbitraries.maps(fields, values).ofMaxSize(4).map(SessionValue::map);
        Arbitrary<byte[]> items = Arbitraries.oneOf(
                fields.map(SessionValue::str), values.map(SessionValue::str),
                Arbitraries.of(octets(0x00), octets(0x7f), octets(0xff), octets(0xc0), octets(0xc2), octets(0xc3),
                        octets(0x90), octets(0x80), octets(0x91, 0xa1, 0x78), octets(0x81, 0xa2, 0x2e, 0x61, 0xa1, 0x78),
                        octets(0xc4, 0x01, 0x78), octets(0xcb, 0, 0, 0, 0, 0, 0, 0, 0), octets(0xd9, 0x05, 0x78),
                        octets(0xc1)));
        Arbitrary<byte[]> anyMaps = Arbitraries.integers().between(0, 4).flatMap(n -> items.list().ofSize(2 * n)
                .map(parts -> concat(SessionValue.mapHeader(n), concat(parts.toArray(new byte[0][])))));
        Arbitrary<byte[]> anyBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(24);
        Arbitrary<byte[]> trailing = Combinators.combine(stringMaps, anyBytes.filter(b -> b.length > 0))
                .as((map, garbage) -> concat(map, garbage));
        Arbitrary<byte[]> corrupt = Arbitraries.of(SessionValue.corruptBodies().values());
        return Arbitraries.oneOf(stringMaps, anyMaps, anyBytes, trailing, corrupt);
    }
}
