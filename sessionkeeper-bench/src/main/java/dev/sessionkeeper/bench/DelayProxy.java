package dev.sessionkeeper.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * A loopback TCP proxy in front of Redis that holds every chunk of bytes for a fixed delay in
 * each direction, so a round trip costs about twice the delay more than on loopback: what a
 * network between the application servers and Redis adds. Plain threads: per connection, one
 * reader and one writer per direction; a writer sends each chunk, in order, once its delay has
 * passed. Bytes are passed on unchanged, so the clients speak RESP to Redis as before.
 *
 * <p>The delay is kept to within the scheduler's wake-up precision (tens of µs on Linux); the
 * network benchmark measures the round trip it actually got (PING through the proxy) and reports
 * it next to the figures.
 */
final class DelayProxy implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final long delayNanos;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean running = true;

    DelayProxy(String targetHost, int targetPort, long delayNanos) throws IOException {
        this.target = new InetSocketAddress(targetHost, targetPort);
        this.delayNanos = delayNanos;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "bench-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (running) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                upstream.connect(target, 5_000);
                for (Socket s : List.of(client, upstream)) {
                    s.setTcpNoDelay(true);
                    sockets.add(s);
                }
                pipe(client, upstream, "up");
                pipe(upstream, client, "down");
            } catch (IOException e) {
                if (running) {
                    System.err.println("delay proxy: " + e);
                }
            }
        }
    }

    /** One direction: a reader that stamps each chunk, a writer that sends it when due. */
    private void pipe(Socket from, Socket to, String direction) throws IOException {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        ArrayDeque<Chunk> queue = new ArrayDeque<>();
        Thread writer = new Thread(() -> {
            try {
                while (running) {
                    Chunk c;
                    synchronized (queue) {
                        while ((c = queue.peek()) == null && running) {
                            queue.wait(100);
                        }
                        if (c == null) {
                            return;
                        }
                    }
                    long wait = c.due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                        continue;
                    }
                    synchronized (queue) {
                        queue.poll();
                    }
                    if (c.bytes == null) {
                        to.shutdownOutput();
                        return;
                    }
                    out.write(c.bytes);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "bench-proxy-" + direction + "-write");
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    enqueue(queue, new Chunk(System.nanoTime() + delayNanos, java.util.Arrays.copyOf(buffer, n)));
                }
                enqueue(queue, new Chunk(System.nanoTime() + delayNanos, null));
            } catch (IOException e) {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "bench-proxy-" + direction + "-read");
        for (Thread t : List.of(writer, reader)) {
            t.setDaemon(true);
            t.start();
        }
    }

    private static void enqueue(ArrayDeque<Chunk> queue, Chunk chunk) {
        synchronized (queue) {
            queue.add(chunk);
            queue.notifyAll();
        }
    }

    private record Chunk(long due, byte[] bytes) {
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // Closing anyway.
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            server.close();
        } catch (IOException e) {
            // Closing anyway.
        }
        sockets.forEach(DelayProxy::closeQuietly);
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
