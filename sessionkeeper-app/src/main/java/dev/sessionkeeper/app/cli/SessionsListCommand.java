package dev.sessionkeeper.app.cli;

import dev.sessionkeeper.SessionInfo;
import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.app.support.Redaction;
import dev.sessionkeeper.app.support.Times;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sessionkeeper sessions list --user U}: a user's live sessions, straight from the exact per-user index. */
@Command(name = "list",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "List a user's live sessions: id (shortened: ids are credentials), created,",
            "last access, and time left, read from the per-user index in one call.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./sessionkeeper sessions list --user alice --redis redis://localhost:6379",
            "  ./sessionkeeper sessions list --user alice --attribute userAgent",
            "      with an attribute of each session as a column"
        })
public final class SessionsListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--user", paramLabel = "USER", required = true, description = "The principal, as signed in.")
    String user;

    @Option(names = "--attribute", paramLabel = "NAME", description = "An attribute to show as a column (repeatable).")
    List<String> attributes = new ArrayList<>();

    private final Map<String, String> env;

    public SessionsListCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        ConnectionOptions.Settings settings = connection.resolve(env, spec);
        PrintWriter out = spec.commandLine().getOut();
        try (SessionStore store = ConnectionOptions.connect(settings, spec)) {
            List<SessionInfo> sessions = Principals.sessionsOf(store, user, attributes, spec);
            Instant now = Instant.now();
            List<String> headers = new ArrayList<>(List.of("SESSION", "CREATED", "LAST ACCESS", "EXPIRES IN"));
            attributes.forEach(a -> headers.add(a.toUpperCase(java.util.Locale.ROOT)));
            Table table = new Table(headers.toArray(String[]::new));
            for (SessionInfo s : sessions) {
                List<Object> row = new ArrayList<>(List.of(Redaction.id(s.id()), Times.stamp(s.createdAt()),
                        Times.relative(s.lastAccessedAt(), now), Times.left(s.expiresAt(), now)));
                attributes.forEach(a -> row.add(s.attributes().get(a)));
                table.row(row.toArray());
            }
            out.println(sessions.size() + " live session" + (sessions.size() == 1 ? "" : "s") + " of '" + user + "'"
                    + " in namespace '" + settings.namespace() + "'" + (sessions.isEmpty() ? "." : ":"));
            if (!table.isEmpty()) {
                table.print(out, "  ");
            }
            out.flush();
        }
        return 0;
    }
}
