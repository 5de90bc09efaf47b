package dev.sessionkeeper.process;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One-shot RESP commands over a plain socket: PING while a server starts, SHUTDOWN when it stops, and the few
 * replies the test kit reads (INFO, CONFIG GET, SENTINEL). A Redis client would add an event loop and hundreds
 * of milliseconds to every start and stop, and this module would then ship a client that its users (the test
 * kit, the app) already choose for themselves. Each call opens and closes its own connection; every method is
 * safe to call from any thread.
 */
public final class Resp {

    private Resp() {
    }

    /**
     * Sends one command and returns the first line of the reply, e.g. {@code "+PONG"} or {@code "-LOADING ..."};
     * {@code null} when the server closed the connection without replying (as SHUTDOWN does).
     *
     * @param host the server's host
     * @param port the server's port
     * @param timeout bounds the connect and each read
     * @param args the command and its arguments
     * @return the reply's first line, or {@code null} when the connection closed without one
     * @throws IOException when the server cannot be reached or does not answer within the timeout
     */
    public static String command(String host, int port, Duration timeout, String... args) throws IOException {
        try (Socket socket = send(host, port, timeout, args)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            return in.readLine();
        }
    }

    /**
     * Sends one command and returns a bulk-string reply's text.
     *
     * @param host the server's host
     * @param port the server's port
     * @param timeout bounds the connect and each read
     * @param args the command and its arguments
     * @return the reply's text, or {@code null} for a null reply
     * @throws IOException when the server cannot be reached, does not answer in time, or replies with an error
     */
    public static String bulk(String host, int port, Duration timeout, String... args) throws IOException {
        List<String> reply = reply(host, port, timeout, args);
        return reply.isEmpty() ? null : reply.get(0);
    }

    /**
     * Sends one command whose reply is an array of bulk strings of two, such as
     * {@code SENTINEL get-master-addr-by-name}, and returns the second (the port).
     *
     * @param host the server's host
     * @param port the server's port
     * @param timeout bounds the connect and each read
     * @param args the command and its arguments
     * @return the array's second element, or {@code null} for a null or shorter reply
     * @throws IOException when the server cannot be reached, does not answer in time, or replies with an error
     */
    public static String commandArray(String host, int port, Duration timeout, String... args) throws IOException {
        List<String> reply = reply(host, port, timeout, args);
        return reply.size() < 2 ? null : reply.get(1);
    }

    /** A reply as strings: one for a simple or bulk string, each element for an array of them. */
    private static List<String> reply(String host, int port, Duration timeout, String... args) throws IOException {
        try (Socket socket = send(host, port, timeout, args)) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            String first = line(in);
            List<String> out2 = new ArrayList<>();
            if (first.startsWith("*")) {
                int n = Integer.parseInt(first.substring(1));
                for (int i = 0; i < n; i++) {
                    String item = bulkBody(in, line(in));
                    if (item != null) {
                        out2.add(item);
                    }
                }
            } else {
                String item = bulkBody(in, first);
                if (item != null) {
                    out2.add(item);
                }
            }
            return out2;
        }
    }

    /** A connection with the command sent, its reply still to read; the caller closes it. */
    private static Socket send(String host, int port, Duration timeout, String... args) throws IOException {
        int millis = (int) Math.max(1, timeout.toMillis());
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            OutputStream out = socket.getOutputStream();
            out.write(encode(args));
            out.flush();
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static String bulkBody(DataInputStream in, String header) throws IOException {
        if (header.startsWith("$")) {
            int len = Integer.parseInt(header.substring(1));
            if (len < 0) {
                return null;
            }
            byte[] body = new byte[len + 2];
            in.readFully(body);
            return new String(body, 0, len, StandardCharsets.UTF_8);
        }
        if (header.startsWith("+") || header.startsWith(":")) {
            return header.substring(1);
        }
        if (header.startsWith("-")) {
            throw new IOException(header.substring(1));
        }
        return null;
    }

    private static String line(DataInputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                in.read();
                return sb.toString();
            }
            sb.append((char) c);
        }
        throw new IOException("connection closed mid-reply");
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
