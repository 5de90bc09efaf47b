package dev.sessionkeeper.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.app.support.Durations;
import dev.sessionkeeper.app.support.Redaction;
import dev.sessionkeeper.app.support.Times;
import dev.sessionkeeper.inspect.SessionDescription;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sessionkeeper sessions show ID}: one session as stored. Read-only on purpose: looking at a session must
 * not keep it alive, so this reads it without sliding its deadline (unlike the applications' find).
 */
@Command(name = "show",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Show one session: metadata, attributes decoded, deadline and time left.",
            "Read-only: it does not slide the session's deadline.",
            "",
            "Exit codes: 0 shown, 1 no such session (or Redis failed), 2 bad usage.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {"  ./sessionkeeper sessions show 007Qm3xY2b_0fKq9Zr1sTuVw-4aB --redis redis://localhost:6379"})
public final class SessionsShowCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "ID", description = "The whole session id (e.g. from the cookie).")
    String id;

    private final Map<String, String> env;

    public SessionsShowCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        SessionIdArgument.check(id, spec);
        ConnectionOptions.Settings settings = connection.resolve(env, spec);
        PrintWriter out = spec.commandLine().getOut();
        try (SessionStore store = ConnectionOptions.connect(settings, spec)) {
            Optional<SessionDescription> found = store.inspector().describe(id);
            if (found.isEmpty()) {
                spec.commandLine().getErr().println("sessionkeeper: no session " + Redaction.id(id) + " in namespace '"
                        + settings.namespace() + "': it expired, was destroyed, or never existed.");
                return FailureHandler.FAILED;
            }
            print(out, found.get());
        }
        return 0;
    }

    static void print(PrintWriter out, SessionDescription d) {
        line(out, "session", Redaction.id(d.id()) + " (shard " + d.shard() + ")");
        line(out, "state", d.isLive()
                ? "live, " + Times.left(d.deadline(), d.readAt()) + " left"
                : "past its deadline " + Durations.uptime(d.timeLeft().negated()) + " ago: unusable, awaiting the expiry worker");
        line(out, "deadline", Times.stamp(d.deadline()) + " (by Redis's clock)");
        line(out, "principal", d.principal() == null ? "- (not signed in)" : d.principal());
        line(out, "created", Times.stamp(d.createdAt()) + " (" + Times.relative(d.createdAt(), d.readAt()) + ")");
        line(out, "last access", Times.stamp(d.lastAccessedAt()) + " (" + Times.relative(d.lastAccessedAt(), d.readAt()) + ")");
        line(out, "idle timeout", Durations.format(d.idleTimeout()));
        line(out, "absolute", d.absoluteTimeout().isZero() ? "none"
                : Durations.format(d.absoluteTimeout()) + " (ends by " + Times.stamp(d.createdAt().plus(d.absoluteTimeout())) + ")");
        line(out, "version", Long.toString(d.version()));
        int n = d.attributes().size() + d.undecodable().size();
        line(out, "attributes", n == 0 ? "none" : Integer.toString(n));
        int width = 0;
        for (String name : d.attributes().keySet()) {
            width = Math.max(width, name.length());
        }
        for (String name : d.undecodable().keySet()) {
            width = Math.max(width, name.length());
        }
        for (Map.Entry<String, Object> a : d.attributes().entrySet()) {
            out.println("  " + pad(a.getKey(), width) + "  " + json(a.getValue()));
        }
        for (Map.Entry<String, String> a : d.undecodable().entrySet()) {
            out.println("  " + pad(a.getKey(), width) + "  " + a.getValue() + "  (stored form: a type this tool does not know)");
        }
        out.flush();
    }

    private static void line(PrintWriter out, String label, String value) {
        out.println(String.format(Locale.ROOT, "%-13s %s", label, value));
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}
