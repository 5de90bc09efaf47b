package dev.sessionkeeper.example;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Tomcat distribution, started with {@code catalina.sh} in a base directory of its own, with
 * the WAR deployed the way operators do it: copied into {@code webapps/} (a new copy is a
 * redeploy, a removed one an undeploy), picked up by Tomcat's own deployer thread.
 */
final class StandaloneTomcat implements Deployment {

    private static final String LOADER_CLASS = "org.apache.catalina.loader.ParallelWebappClassLoader";

    private final Path home;
    private final Path base;
    private final Path war;
    private final Map<String, String> env;
    private final int port;
    private Instant lastCopy;

    StandaloneTomcat(Path home, Path war, Map<String, String> env) throws Exception {
        this.home = home;
        this.war = war;
        this.env = env;
        this.base = Files.createTempDirectory("tomcat-base");
        this.port = freePort();
        for (String dir : List.of("conf", "webapps", "logs", "temp", "work")) {
            Files.createDirectories(base.resolve(dir));
        }
        try (Stream<Path> conf = Files.list(home.resolve("conf"))) {
            for (Path p : conf.toList()) {
                if (Files.isRegularFile(p)) {
                    Files.copy(p, base.resolve("conf").resolve(p.getFileName()));
                }
            }
        }
        Path serverXml = base.resolve("conf/server.xml");
        String xml = Files.readString(serverXml)
                .replace("port=\"8005\"", "port=\"" + freePort() + "\"")
                .replace("port=\"8080\"", "port=\"" + port + "\" address=\"127.0.0.1\"")
                // The deployer looks at webapps/ every second instead of every ten.
                .replace("<Engine name=\"Catalina\" defaultHost=\"localhost\">",
                        "<Engine name=\"Catalina\" defaultHost=\"localhost\" backgroundProcessorDelay=\"1\">");
        Files.writeString(serverXml, xml);
        catalina("start");
    }

    private void catalina(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/catalina.sh").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(base.resolve("logs/catalina-sh.txt").toFile());
        pb.environment().putAll(env);
        pb.environment().put("CATALINA_HOME", home.toString());
        pb.environment().put("CATALINA_BASE", base.toString());
        pb.environment().put("CATALINA_PID", base.resolve("tomcat.pid").toString());
        // Every GC clears soft references: a loader that only a cache holds softly (the JVM frees
        // it before it would run out of memory) is not a leak, and must not count as one.
        pb.environment().put("CATALINA_OPTS", "-Xmx256m -XX:+UseSerialGC -XX:SoftRefLRUPolicyMSPerMB=0");
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("catalina.sh " + String.join(" ", args) + " failed: "
                    + Files.readString(base.resolve("logs/catalina-sh.txt")));
        }
    }

    @Override
    public void deploy() throws IOException, InterruptedException {
        Path target = base.resolve("webapps/example.war");
        Path staged = base.resolve("temp/example.war");
        Files.copy(war, staged, StandardCopyOption.REPLACE_EXISTING);
        // A later modification time than the deployed copy's (file times may be whole seconds),
        // but not in the future, which the deployer would wait for.
        Instant now = Instant.now();
        while (lastCopy != null && !now.isAfter(lastCopy.plusSeconds(1))) {
            Thread.sleep(100);
            now = Instant.now();
        }
        lastCopy = now;
        Files.setLastModifiedTime(staged, FileTime.from(now));
        Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void undeploy() throws IOException {
        Files.delete(base.resolve("webapps/example.war"));
    }

    @Override
    public String url() {
        return "http://127.0.0.1:" + port + "/example";
    }

    @Override
    public int liveClassLoaders() throws Exception {
        // jmap -histo:live runs a full GC first, so only reachable loaders are counted.
        String histogram = run("jmap", "-histo:live", pid());
        for (String line : histogram.split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length >= 4 && cols[3].equals(LOADER_CLASS)) {
                return Integer.parseInt(cols[1]);
            }
        }
        return 0;
    }

    @Override
    public List<String> threadNames() throws Exception {
        List<String> names = new ArrayList<>();
        for (String line : run("jcmd", pid(), "Thread.print").split("\n")) {
            if (line.startsWith("\"")) {
                names.add(line.substring(1, line.indexOf('"', 1)));
            }
        }
        return names;
    }

    @Override
    public String log() throws IOException {
        return Files.readString(base.resolve("logs/catalina.out"));
    }

    private String pid() throws IOException {
        return Files.readString(base.resolve("tomcat.pid")).trim();
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            catalina("stop", "20", "-force");
        } finally {
            // -Dkeep.tomcat=true keeps the base directory (logs, exploded WAR) to look at a failure.
            if (Boolean.getBoolean("keep.tomcat")) {
                System.out.println("Tomcat base kept at " + base);
                return;
            }
            try (Stream<Path> files = Files.walk(base)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Override
    public String toString() {
        return "Tomcat 11 (standalone)";
    }
}
