package dev.sessionkeeper.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One-shot RESP commands over a plain socket, for PING while a server starts and SHUTDOWN when it stops. A
 * Redis client would add an event loop and hundreds of milliseconds to every start and stop, and this module
 * would then ship a client that its users (the test kit, the app) already choose for themselves.
 */
final class Resp {

    private Resp() {
    }

    /**
     * Sends one command and returns the first line of the reply, e.g. {@code "+PONG"} or {@code "-LOADING ..."};
     * {@code null} when the server closed the connection without replying (as SHUTDOWN does).
     */
    static String command(String host, int port, Duration timeout, String... args) throws IOException {
        int millis = (int) Math.max(1, timeout.toMillis());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            OutputStream out = socket.getOutputStream();
            out.write(encode(args));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            return in.readLine();
        }
    }

    private static byte[] encode(String... args) {
        StringBuilder sb = new StringBuilder().append('*').append(args.length).append("\r\n");
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            sb.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
