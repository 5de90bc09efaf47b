package dev.sessionkeeper.app.cli;

import dev.sessionkeeper.DestroyReason;
import dev.sessionkeeper.SessionInfo;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.app.ops.WorkerReport;
import dev.sessionkeeper.app.support.Redaction;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sessionkeeper sessions destroy}: ends one session, or all of a user's one by one, each with its
 * {@code destroyed} event (reason {@code admin}). One by one rather than logout-everywhere's single step, so
 * that the operator sees the progress and can stop it; for the atomic version there is {@code logout}.
 */
@Command(name = "destroy",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Destroy a session now (its 'destroyed' event has reason 'admin'), or",
            "all of a user's sessions with --user U --all, showing progress;",
            "Ctrl-C stops after the current one, with a summary.",
            "",
            "Exit codes: 0 destroyed (or nothing to destroy with --all), 1 no such",
            "session or interrupted, 2 bad usage.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./sessionkeeper sessions destroy 007Qm3xY2b_0fKq9Zr1sTuVw-4aB --redis redis://localhost:6379",
            "  ./sessionkeeper sessions destroy --user alice --all",
            "      each of alice's sessions (./sessionkeeper logout alice does it in one step)"
        })
public final class SessionsDestroyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "ID", arity = "0..1", description = "The whole session id.")
    String id;

    @Option(names = "--user", paramLabel = "USER", description = "With --all: every session of this principal.")
    String user;

    @Option(names = "--all", description = "Destroy all of --user's sessions.")
    boolean all;

    private final Map<String, String> env;

    public SessionsDestroyCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        if ((id == null) == (user == null) || (user != null) != all) {
            throw new ParameterException(spec.commandLine(), "Give either a session ID, or --user USER --all.");
        }
        if (id != null) {
            SessionIdArgument.check(id, spec);
        }
        ConnectionOptions.Settings settings = connection.resolve(env, spec);
        PrintWriter out = spec.commandLine().getOut();
        try (SessionStore store = ConnectionOptions.connect(settings, spec)) {
            if (id != null) {
                if (!store.destroy(id, DestroyReason.ADMIN)) {
                    spec.commandLine().getErr().println("sessionkeeper: no live session " + Redaction.id(id)
                            + " in namespace '" + settings.namespace() + "'.");
                    return FailureHandler.FAILED;
                }
                out.println("destroyed " + Redaction.id(id));
                out.flush();
                return 0;
            }
            return destroyAll(store, out);
        }
    }

    private int destroyAll(SessionStore store, PrintWriter out) {
        List<SessionInfo> sessions = Principals.sessionsOf(store, user, List.of(), spec);
        long destroyed = 0;
        try (Interruptible work = new Interruptible(spec.commandLine().getErr(), "destroyed", sessions.size())) {
            for (SessionInfo s : sessions) {
                if (!work.proceed()) {
                    break;
                }
                if (store.destroy(s.id(), DestroyReason.ADMIN)) {
                    destroyed++;
                }
                work.advance();
            }
            out.println((work.stopCause() != null ? work.stopCause() + ": stopped after " + WorkerReport.count(work.done())
                    + " of " + WorkerReport.count(sessions.size()) + "; " : "")
                    + "destroyed " + WorkerReport.count(destroyed) + " session" + (destroyed == 1 ? "" : "s")
                    + " of '" + user + "'"
                    + (destroyed < work.done() ? " (" + (work.done() - destroyed) + " had ended meanwhile)" : "") + ".");
            out.flush();
            return work.stopCause() != null ? FailureHandler.FAILED : 0;
        }
    }
}
