package dev.sessionkeeper;

import dev.sessionkeeper.events.SessionEvent;
import dev.sessionkeeper.events.Subscription;
import dev.sessionkeeper.testkit.RedisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A consumer process killed with SIGKILL in the middle of a handler: another instance gets the event. */
class ConsumerCrashTest {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standalone();

    @Test
    void anEventWhoseConsumerWasKilledMidHandlerIsRedeliveredToAnotherInstance() throws Exception {
        String namespace = "consumer-crash";
        try (SessionStore store = SessionStore.builder().redis(REDIS.uri()).namespace(namespace).build()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process consumer = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    ConsumerProcess.class.getName(), REDIS.uri(), namespace, "mail").redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(consumer.getInputStream(), StandardCharsets.UTF_8))) {
                assertThat(waitForLine(out, "subscribed")).isNotNull();
                Session s = store.create();
                String handling = waitForLine(out, "handling ");
                assertThat(handling).isEqualTo("handling " + s.id());
                consumer.destroyForcibly();
                assertThat(consumer.waitFor(10, TimeUnit.SECONDS)).isTrue();

                List<SessionEvent> rescued = new CopyOnWriteArrayList<>();
                try (Subscription survivor = store.events().group("mail").visibilityTimeout(Duration.ofMillis(500))
                        .subscribe(rescued::add)) {
                    ExpiryContract.await("redelivery", Duration.ofSeconds(15), () -> !rescued.isEmpty());
                }
                assertThat(rescued).singleElement().satisfies(e -> {
                    assertThat(e.sessionId()).isEqualTo(s.id());
                    assertThat(e.type()).isEqualTo(SessionEvent.Type.CREATED);
                    assertThat(e.deliveryCount()).isEqualTo(2);
                });
            } finally {
                consumer.destroyForcibly();
            }
        }
    }

    private static String waitForLine(BufferedReader out, String prefix) throws Exception {
        long end = System.currentTimeMillis() + 30_000;
        String line;
        while (System.currentTimeMillis() < end && (line = out.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        return null;
    }
}
