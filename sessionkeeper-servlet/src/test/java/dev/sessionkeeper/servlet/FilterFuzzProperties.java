package dev.sessionkeeper.servlet;

import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.testkit.RedisServer;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random requests through the filter in Jetty: random paths, parameters and, above all,
 * random Cookie headers (sent raw over a socket, so nothing is cleaned up on the way). No
 * request may get a 500, and afterwards no key outside the namespace may exist in Redis.
 */
class FilterFuzzProperties {

    private static RedisServer redis;
    private static SessionStore store;
    private static JettyContainer container;
    private static int port;

    @BeforeContainer
    static void start() throws Exception {
        redis = RedisServer.builder().build().start();
        store = SessionStore.builder().redis(redis.uri()).namespace("web").build();
        container = new JettyContainer();
        String base = container.start(SessionKeeperFilter.builder(store).build(), new TestServlet());
        port = Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
    }

    @AfterContainer
    static void stop() throws Exception {
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            List<String> outside = new ArrayList<>();
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = c.sync().scan(cursor, ScanArgs.Builder.limit(1000));
                page.getKeys().stream().filter(k -> !k.startsWith("web:")).forEach(outside::add);
                cursor = page;
            } while (!cursor.isFinished());
            assertThat(outside).as("keys outside the namespace").isEmpty();
        } finally {
            client.shutdown();
            container.close();
            store.close();
            redis.close();
        }
    }

    @Property
    void noRequestGetsA500(@ForAll("requests") String[] request) throws Exception {
        int status = send(request[0], request[1]);
        assertThat(status).as("%s with Cookie: %s", request[0], request[1]).isNotEqualTo(500).isPositive();
    }

    @Provide
    Arbitrary<String[]> requests() {
        Arbitrary<String> paths = Arbitraries.of("/none", "/read?name=a", "/set?name=a&value=x", "/list?name=l&value=v",
                "/append?name=l&value=w", "/id", "/rotate", "/invalidate", "/principal", "/login?user=fuzz", "/new-empty");
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(40),
                Arbitraries.strings().withChars("0123456789").ofLength(3)
                        .flatMap(s -> Arbitraries.strings().withChars("AZaz09-_{}:*").ofLength(24).map(r -> s + r)),
                Arbitraries.strings().withCharRange('\u0080', '\u00ff').ofMaxLength(10));
        Arbitrary<String> cookie = value.list().ofMinSize(0).ofMaxSize(4).map(values -> {
            StringBuilder header = new StringBuilder();
            for (String v : values) {
                if (header.length() > 0) {
                    header.append("; ");
                }
                header.append("SESSION=").append(v);
            }
            return header.toString();
        });
        return Combinators.combine(paths, cookie).as((p, c) -> new String[] {p, c});
    }

    /** One raw HTTP/1.1 request; returns the status code. */
    private static int send(String path, String cookie) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            String head = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + (cookie.isEmpty() ? "" : "Cookie: " + cookie + "\r\n") + "\r\n";
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] status = in.readNBytes(12);
            return Integer.parseInt(new String(status, StandardCharsets.ISO_8859_1).substring(9, 12));
        }
    }
}
