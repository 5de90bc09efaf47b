package dev.sessionkeeper.nodeit;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Node process running the sessionkeeper store (node/test/support/peer.js): requests go in
 * as JSON lines, replies and the events of its subscriptions come back as JSON lines.
 */
public final class NodePeer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PEER = Path.of("..", "node", "test", "support", "peer.js").toAbsolutePath().normalize();

    private final Process process;
    private final OutputStream in;
    private final Map<Integer, BlockingQueue<Map<String, Object>>> replies = new ConcurrentHashMap<>();
    private final BlockingQueue<Map<String, Object>> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<Boolean> ready = new LinkedBlockingQueue<>();
    private final StringBuilder stderr = new StringBuilder();
    private final AtomicInteger ids = new AtomicInteger();

    private NodePeer(Process process) {
        this.process = process;
        this.in = process.getOutputStream();
        Thread out = new Thread(this::readReplies, "node-peer-out");
        out.setDaemon(true);
        out.start();
        Thread err = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (stderr) {
                        stderr.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "node-peer-err");
        err.setDaemon(true);
        err.start();
    }

    /** Starts a peer whose store uses this Redis, namespace and shard count, plus extra options. */
    public static NodePeer start(String url, String namespace, int shards, Map<String, Object> options) throws Exception {
        if (!Files.isRegularFile(PEER)) {
            throw new IllegalStateException("missing " + PEER);
        }
        Map<String, Object> all = new LinkedHashMap<>(options);
        all.put("url", url);
        all.put("namespace", namespace);
        all.put("shards", shards);
        ProcessBuilder pb = new ProcessBuilder(NodePackage.ready().toString(), PEER.toString(),
                JSON.writeValueAsString(all));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run 'node' (Node.js 20+ must be on the PATH for the cross-language tests)", e);
        }
        NodePeer peer = new NodePeer(p);
        if (peer.ready.poll(30, TimeUnit.SECONDS) == null) {
            peer.close();
            throw new IllegalStateException("node peer did not start: " + peer.stderr());
        }
        return peer;
    }

    public static NodePeer start(String url, String namespace, int shards) throws Exception {
        return start(url, namespace, shards, Map.of());
    }

    @SuppressWarnings("unchecked")
    private void readReplies() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                Map<String, Object> msg = JSON.readValue(line, Map.class);
                if (msg.containsKey("ready")) {
                    ready.add(true);
                } else if (msg.containsKey("event")) {
                    events.add((Map<String, Object>) msg.get("event"));
                } else {
                    replies.computeIfAbsent((Integer) msg.get("seq"), k -> new LinkedBlockingQueue<>()).add(msg);
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** Sends one request and waits for its reply's value; a Node error becomes an AssertionError. */
    public Object call(String op, Map<String, Object> args) throws Exception {
        int id = ids.incrementAndGet();
        Map<String, Object> request = new LinkedHashMap<>(args);
        request.put("op", op);
        request.put("seq", id);
        synchronized (in) {
            in.write((JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }
        Map<String, Object> reply = replies.computeIfAbsent(id, k -> new LinkedBlockingQueue<>()).poll(30, TimeUnit.SECONDS);
        replies.remove(id);
        if (reply == null) {
            throw new AssertionError("node peer did not answer '" + op + "'; its stderr:\n" + stderr());
        }
        if (reply.containsKey("error")) {
            throw new AssertionError("node peer failed '" + op + "': " + reply.get("error"));
        }
        return reply.get("ok");
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> scripts() throws Exception {
        return (Map<String, Object>) call("scripts", Map.of());
    }

    /** Events received so far and within {@code waitMs} more. */
    public List<Map<String, Object>> eventsWithin(long waitMs) throws InterruptedException {
        List<Map<String, Object>> out = new ArrayList<>();
        long end = System.currentTimeMillis() + waitMs;
        while (true) {
            long left = end - System.currentTimeMillis();
            Map<String, Object> e = left > 0 ? events.poll(left, TimeUnit.MILLISECONDS) : events.poll();
            if (e == null) {
                return out;
            }
            out.add(e);
        }
    }

    private String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            try {
                call("close", Map.of());
            } catch (AssertionError | IOException e) {
                // already going
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        String err = stderr();
        if (!err.isEmpty()) {
            System.err.println("node peer stderr:\n" + err);
        }
    }
}
