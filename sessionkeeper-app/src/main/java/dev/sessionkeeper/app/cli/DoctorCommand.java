package dev.sessionkeeper.app.cli;

import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.app.ops.Check;
import dev.sessionkeeper.app.ops.Doctor;
import dev.sessionkeeper.app.support.Redaction;
import dev.sessionkeeper.inspect.SessionInspector;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code sessionkeeper doctor}: checks the Redis and the deployment for what endangers sessions, explains each
 * finding with its fix, and exits non-zero on a problem so that it can gate a deploy. A check that cannot be made
 * (e.g. CONFIG denied by an ACL, as on most managed Redis) is a warning, never a crash.
 */
@Command(name = "doctor",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Check what can endanger sessions, and say how to fix it: Redis version",
            "(6.2+), an eviction policy that can drop session keys, persistence off,",
            "cluster state and slot coverage, the script cache, clock skew, an",
            "unauthenticated Redis, a recent worker heartbeat, the due backlog and",
            "expiry lateness.",
            "",
            "Exit codes: 0 no problem (warnings are printed but pass), 1 a problem",
            "found (or Redis unreachable), 2 bad usage. Use it to gate a deploy.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./sessionkeeper doctor --redis redis://localhost:6379",
            "  ./sessionkeeper doctor --redis rediss://admin:secret@redis:6380 --redis-ca ca.pem",
            "      as a user allowed CONFIG GET and ACL GETUSER, for every check",
            "  ./sessionkeeper doctor --config /etc/sessionkeeper.properties && deploy"
        })
public final class DoctorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    private final Map<String, String> env;

    public DoctorCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        ConnectionOptions.Settings settings = connection.resolve(env, spec);
        PrintWriter out = spec.commandLine().getOut();
        List<Check> checks;
        try (SessionStore store = ConnectionOptions.connect(settings, spec)) {
            SessionInspector inspector = store.inspector();
            checks = Doctor.checks(inspector.servers(), inspector.shards(), inspector.workers(),
                    loopbackOnly(settings.redis()));
        }
        out.println("sessionkeeper doctor: " + Redaction.url(settings.redis()) + ", namespace '" + settings.namespace()
                + "', " + settings.shards() + " shards");
        out.println();
        long problems = 0;
        long warnings = 0;
        for (Check c : checks) {
            out.println("  " + c.status().label + "  " + c.title() + ": " + c.finding());
            if (!c.fix().isEmpty()) {
                out.println("        fix: " + c.fix());
            }
            problems += c.status() == Check.Status.FAIL ? 1 : 0;
            warnings += c.status() == Check.Status.WARN ? 1 : 0;
        }
        out.println();
        out.println(problems == 0
                ? "No problems" + (warnings > 0 ? ", " + warnings + " warning" + (warnings == 1 ? "" : "s") : "") + "."
                : problems + " problem" + (problems == 1 ? "" : "s") + ", " + warnings + " warning"
                        + (warnings == 1 ? "" : "s") + ".");
        out.flush();
        return problems == 0 ? 0 : FailureHandler.FAILED;
    }

    /** Whether every host of the URL is this machine: an open Redis there is a warning, elsewhere a problem. */
    static boolean loopbackOnly(String url) {
        String rest = url.substring(url.indexOf("://") + 3);
        rest = rest.substring(rest.lastIndexOf('@') + 1);
        for (String hostPort : rest.split("[/#?]")[0].split(",")) {
            String host = hostPort.startsWith("[") ? hostPort.substring(1, hostPort.indexOf(']'))
                    : hostPort.replaceFirst(":\\d+$", "");
            try {
                if (!InetAddress.getByName(host).isLoopbackAddress()) {
                    return false;
                }
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return true;
    }
}
