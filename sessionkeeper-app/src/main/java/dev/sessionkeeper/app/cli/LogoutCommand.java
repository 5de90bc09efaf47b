package dev.sessionkeeper.app.cli;

import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.app.ops.WorkerReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * {@code sessionkeeper logout}: signs users out everywhere, each in one atomic step (every session of the user
 * and its index entry go together, each with a {@code destroyed} event of reason {@code logout-everywhere}).
 * Many users (from a file, e.g. after a breach) show progress and stop cleanly on Ctrl-C.
 */
@Command(name = "logout",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Sign users out everywhere: all their sessions end at once.",
            "With --file, one user per line (blank lines and # comments skipped),",
            "with progress; Ctrl-C stops after the current user, with a summary.",
            "",
            "Exit codes: 0 done, 1 interrupted (or Redis failed), 2 bad usage.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./sessionkeeper logout alice --redis redis://localhost:6379",
            "  ./sessionkeeper logout alice bob",
            "  ./sessionkeeper logout --file compromised-users.txt"
        })
public final class LogoutCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "USER", arity = "0..*", description = "Principals to sign out.")
    List<String> users = new ArrayList<>();

    @Option(names = "--file", paramLabel = "FILE", description = "Read the principals from this file, one per line.")
    Path file;

    private final Map<String, String> env;

    public LogoutCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        List<String> all = new ArrayList<>(users);
        if (file != null) {
            all.addAll(read(file));
        }
        if (all.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "Give the users to sign out: logout USER..., or --file FILE.");
        }
        ConnectionOptions.Settings settings = connection.resolve(env, spec);
        PrintWriter out = spec.commandLine().getOut();
        try (SessionStore store = ConnectionOptions.connect(settings, spec)) {
            if (all.size() == 1) {
                int n = Principals.logoutEverywhere(store, all.get(0), spec);
                out.println("signed '" + all.get(0) + "' out everywhere: " + n + " session" + (n == 1 ? "" : "s") + " ended.");
                out.flush();
                return 0;
            }
            long sessions = 0;
            try (Interruptible work = new Interruptible(spec.commandLine().getErr(), "signed out", all.size())) {
                for (String user : all) {
                    if (!work.proceed()) {
                        break;
                    }
                    sessions += Principals.logoutEverywhere(store, user, spec);
                    work.advance();
                }
                out.println((work.stopCause() != null ? work.stopCause() + ": stopped after the current user; " : "")
                        + "signed " + WorkerReport.count(work.done()) + " of " + WorkerReport.count(all.size())
                        + " users out everywhere: " + WorkerReport.count(sessions) + " session"
                        + (sessions == 1 ? "" : "s") + " ended.");
                out.flush();
                return work.stopCause() != null ? FailureHandler.FAILED : 0;
            }
        }
    }

    private List<String> read(Path path) {
        try {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(path)) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    out.add(t);
                }
            }
            return out;
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "Cannot read " + path + " (--file): " + e + ".");
        }
    }
}
