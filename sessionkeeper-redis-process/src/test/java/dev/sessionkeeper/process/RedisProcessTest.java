package dev.sessionkeeper.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisProcessTest {

    @Test
    void startsAServerThatAnswersAndStopsIt(@TempDir Path dir) throws IOException {
        int port = RedisProcess.freePort();
        RedisProcess process = start(dir, port, List.of());
        try {
            assertThat(process.isAlive()).isTrue();
            assertThat(Resp.command(RedisProcess.HOST, port, Duration.ofSeconds(2), "PING")).isEqualTo("+PONG");
        } finally {
            process.stop();
        }

        assertThat(process.isAlive()).isFalse();
        assertThatThrownBy(() -> Resp.command(RedisProcess.HOST, port, Duration.ofSeconds(1), "PING"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aPausedServerIsResumedBeforeItStops(@TempDir Path dir) {
        RedisProcess process = start(dir, RedisProcess.freePort(), List.of());
        process.pause();

        assertThat(process.isPaused()).isTrue();
        process.stop();

        assertThat(process.isAlive()).isFalse();
        assertThat(process.isPaused()).isFalse();
    }

    @Test
    void aTakenPortIsReportedAsSuch(@TempDir Path dir) throws IOException {
        int port = RedisProcess.freePort();
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getByName(RedisProcess.HOST))) {
            assertThat(taken.isBound()).isTrue();
            assertThatThrownBy(() -> start(dir, port, List.of()))
                    .isInstanceOf(RedisProcess.PortInUseException.class)
                    .hasMessageContaining(Integer.toString(port));
        }
    }

    @Test
    void aServerThatCannotStartFailsWithTheEndOfItsOutput(@TempDir Path dir) {
        assertThatThrownBy(() -> start(dir, RedisProcess.freePort(), List.of("--no-such-directive", "1")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with code")
                .hasMessageContaining("no-such-directive");
    }

    @Test
    void aStandaloneServerRunsUntilClosedAndLeavesNoDataDir() throws IOException {
        Path dataDir;
        StandaloneRedis redis = StandaloneRedis.start();
        try {
            assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
            assertThat(Resp.command(RedisProcess.HOST, redis.port(), Duration.ofSeconds(2), "CONFIG", "GET", "appendonly"))
                    .isEqualTo("*2");
            dataDir = dataDirOf(redis.port());
            assertThat(dataDir).isDirectory();
        } finally {
            redis.close();
        }

        assertThat(redis.isRunning()).isFalse();
        assertThat(Files.exists(dataDir)).isFalse();
        redis.close();
    }

    private static RedisProcess start(Path dir, int port, List<String> extra) {
        Path log = dir.resolve("redis.log");
        List<String> arguments = new ArrayList<>(RedisProcess.baseArguments(port, dir, log));
        arguments.addAll(List.of("--save", ""));
        arguments.addAll(extra);
        return RedisProcess.start(RedisBinary.locate(), arguments, dir, port, log, dir.resolve("redis.out"));
    }

    // The one reply line this module reads is enough to ask for the dir: the bulk string follows the header.
    private static Path dataDirOf(int port) throws IOException {
        try (Socket socket = new Socket(RedisProcess.HOST, port)) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write("*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$3\r\ndir\r\n".getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            for (int i = 0; i < 4; i++) {
                in.readLine();
            }
            return Path.of(in.readLine());
        }
    }
}
