package dev.sessionkeeper.example;

import org.eclipse.jetty.ee10.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Jetty 12 (ee10) in this JVM, deploying the WAR file itself: the WAR's own jars in their own
 * class loader, its web.xml, annotations and ServletContainerInitializers. Redeploying stops the
 * web application and starts a new one from the same file, as Jetty's deployer does. Class
 * loaders are followed through weak references, so a leak shows as a loader that a full GC
 * cannot collect.
 */
final class EmbeddedJetty implements Deployment {

    private final Path war;
    private final Map<String, String> contextParams;
    private final Server server = new Server();
    private final ContextHandlerCollection contexts = new ContextHandlerCollection();
    private final List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final PrintStream originalErr = System.err;
    private final ServerConnector connector;
    private WebAppContext current;

    EmbeddedJetty(Path war, Map<String, String> contextParams) throws Exception {
        this.war = war;
        this.contextParams = contextParams;
        // The application logs to System.err (slf4j-simple): keep a copy to read.
        System.setErr(new PrintStream(new Tee(originalErr, log), true, StandardCharsets.UTF_8));
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(contexts);
        server.start();
    }

    @Override
    public void deploy() throws Exception {
        if (current != null) {
            undeploy();
        }
        WebAppContext app = new WebAppContext();
        app.setContextPath("/example");
        app.setWar(war.toString());
        app.addConfiguration(new AnnotationConfiguration());
        contextParams.forEach(app::setInitParameter);
        contexts.addHandler(app);
        app.start();
        loaders.add(new WeakReference<>(app.getClassLoader()));
        current = app;
    }

    @Override
    public void undeploy() throws Exception {
        WebAppContext app = current;
        current = null;
        app.stop();
        contexts.removeHandler(app);
        app.destroy();
    }

    @Override
    public String url() {
        return "http://127.0.0.1:" + connector.getLocalPort() + "/example";
    }

    @Override
    public int liveClassLoaders() throws Exception {
        // Jetty's connections cache the last web application they served, and a selector that
        // has seen no traffic since keeps its last connection: Jetty's own references, released
        // with its connections. A connector restart drops them; the server's thread pool, whose
        // threads ran the application's requests, stays, so a thread-local left there still counts.
        connector.stop();
        connector.start();
        int live = 0;
        for (int round = 0; round < 20; round++) {
            System.gc();
            live = (int) loaders.stream().filter(r -> r.get() != null).count();
            if (live <= (current == null ? 0 : 1)) {
                return live;
            }
            Thread.sleep(100);
        }
        return live;
    }

    @Override
    public List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).toList();
    }

    @Override
    public String log() {
        synchronized (log) {
            return log.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            System.setErr(originalErr);
        }
    }

    @Override
    public String toString() {
        return "Jetty 12 (embedded, WAR deployment)";
    }

    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final ByteArrayOutputStream b;

        Tee(OutputStream a, ByteArrayOutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            synchronized (b) {
                b.write(c);
            }
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            synchronized (b) {
                b.write(bytes, off, len);
            }
        }
    }
}
