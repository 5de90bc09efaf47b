package dev.sessionkeeper.internal;

import dev.sessionkeeper.RawRedis;
import dev.sessionkeeper.Session;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.SessionValue;
import dev.sessionkeeper.testkit.RedisServer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Stored bytes and request input quoted in a log line cannot forge or hide other lines. */
class LogTextTest {

    @Test
    void controlAndInvisibleCharactersAreEscaped() {
        assertThat(LogText.escape("a\nb\r\tc\u0000d")).isEqualTo("a\\nb\\r\\tc\\u0000d");
        assertThat(LogText.escape("rtl\u202Eevil\u2028x")).isEqualTo("rtl\\u202Eevil\\u2028x");
        assertThat(LogText.escape("back\\slash")).isEqualTo("back\\\\slash");
        assertThat(LogText.escape("lone \uD800 surrogate")).isEqualTo("lone \\uD800 surrogate");
        assertThat(LogText.escape("caf\u00e9 \uD83D\uDE00 plain")).isEqualTo("caf\u00e9 \uD83D\uDE00 plain");
        assertThat(LogText.escape(null)).isEqualTo("null");
    }

    @Test
    void aLongValueIsCutWithItsLength() {
        String cut = LogText.escape("x".repeat(10_000));
        assertThat(cut).hasSizeLessThan(LogText.MAX_CHARS + 40).endsWith("(10000 chars)");
    }

    @Test
    void aFieldNameWithANewlineCannotForgeALogLine() {
        try (RedisServer server = RedisServer.builder().build().start();
             SessionStore store = SessionStore.builder().redis(server.uri()).namespace("logs").build();
             RawRedis raw = RawRedis.connect(server.uri(), List.of(server.uri()))) {
            Session s = store.create();
            String key = "logs:{" + s.id().substring(0, 3) + "}:s:" + s.id();
            SessionValue.setField(raw.sync(), key, "x\n[main] WARN forged line\u0000", "1");
            String logged = captureErr(() -> assertThat(store.find(s.id())).isEmpty());
            assertThat(logged).contains("is corrupt in Redis").contains("x\\n[main] WARN forged line\\u0000");
            assertThat(logged.lines()).noneMatch(line -> line.startsWith("[main] WARN forged"));
        }
    }

    private static String captureErr(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
