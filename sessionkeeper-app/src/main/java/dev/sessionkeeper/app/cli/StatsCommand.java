package dev.sessionkeeper.app.cli;

import dev.sessionkeeper.SessionStore;
import dev.sessionkeeper.app.ops.StatsReport;
import dev.sessionkeeper.app.support.Durations;
import dev.sessionkeeper.app.support.Redaction;
import dev.sessionkeeper.inspect.SessionInspector;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sessionkeeper stats}: the store's figures at one instant, or refreshed in place with {@code --watch}. */
@Command(name = "stats",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Show live sessions per shard, the due backlog and the oldest overdue",
            "deadline, events per type in the last minute, each consumer group's",
            "pending count and lag, dead letters, and the expiry workers seen.",
            "",
            "Read-only: one script per shard (pipelined) and the workers' heartbeats.",
            "With --watch it refreshes in place (on a terminal; elsewhere it prints",
            "one block per refresh) until Ctrl-C.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./sessionkeeper stats --redis redis://localhost:6379",
            "  ./sessionkeeper stats --watch --interval 5s",
            "  ./sessionkeeper stats --namespace myapp --shards 32 --config /etc/sessionkeeper.properties"
        })
public final class StatsCommand implements Callable<Integer> {

    private static final String CLEAR = "\u001b[H\u001b[2J";

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--watch", description = "Refresh until Ctrl-C.")
    boolean watch;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s", converter = Durations.Converter.class,
            description = "Time between refreshes with --watch (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--count", paramLabel = "N", description = "With --watch: stop after N refreshes.")
    Integer count;

    private final Map<String, String> env;

    public StatsCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (interval.toMillis() < 100) {
            throw new ParameterException(spec.commandLine(), "--interval must be at least 100ms.");
        }
        if (count != null && count < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be at least 1, got " + count + ".");
        }
        ConnectionOptions.Settings settings = connection.resolve(env, spec);
        PrintWriter out = spec.commandLine().getOut();
        String header = "sessionkeeper stats: namespace '" + settings.namespace() + "', " + settings.shards()
                + " shards, " + Redaction.url(settings.redis());
        try (SessionStore store = ConnectionOptions.connect(settings, spec)) {
            SessionInspector inspector = store.inspector();
            if (!watch) {
                StatsReport.print(out, header, inspector.shards(), inspector.workers());
                return 0;
            }
            boolean tty = System.console() != null;
            StopSignals signals = StopSignals.install();
            try {
                int shown = 0;
                do {
                    if (tty) {
                        out.print(CLEAR);
                    } else if (shown > 0) {
                        out.println();
                        out.println("----");
                    }
                    StatsReport.print(out, header, inspector.shards(), inspector.workers());
                    shown++;
                    if (count != null && shown >= count) {
                        break;
                    }
                } while (!signals.await(interval.toMillis()));
            } finally {
                signals.close();
            }
        }
        return 0;
    }
}
