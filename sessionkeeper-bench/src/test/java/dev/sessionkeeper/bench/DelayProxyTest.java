package dev.sessionkeeper.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The proxy passes every byte on unchanged and in order, each way, no sooner than its delay. */
class DelayProxyTest {

    @Test
    void bytesArriveUnchangedInOrderAndNoSoonerThanTheDelayEachWay() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket s = echo.accept()) {
                    s.getInputStream().transferTo(s.getOutputStream());
                } catch (Exception e) {
                    // The test's own assertions report a broken echo.
                }
            });
            server.setDaemon(true);
            server.start();
            long delayNanos = 20_000_000;
            try (DelayProxy proxy = new DelayProxy("127.0.0.1", echo.getLocalPort(), delayNanos);
                 Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                OutputStream out = client.getOutputStream();
                InputStream in = client.getInputStream();
                StringBuilder sent = new StringBuilder();
                long start = System.nanoTime();
                for (int i = 0; i < 50; i++) {
                    String chunk = "*1\r\n$4\r\nPING\r\n#" + i + ";";
                    sent.append(chunk);
                    out.write(chunk.getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
                byte[] back = new byte[sent.length()];
                new DataInputStream(in).readFully(back);
                long elapsed = System.nanoTime() - start;

                assertThat(new String(back, StandardCharsets.US_ASCII)).isEqualTo(sent.toString());
                assertThat(elapsed).isGreaterThanOrEqualTo(2 * delayNanos);
            }
        }
    }
}
