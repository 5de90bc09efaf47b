package dev.sessionkeeper.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level {@code sessionkeeper} command: only options and subcommands of its own. */
@Command(name = "sessionkeeper",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Web sessions in Redis that expire on time.",
            ""
        },
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./sessionkeeper demo",
            "      the web demo on an embedded Redis: prints its URLs, Ctrl-C stops it",
            "  ./sessionkeeper demo --simulate 50 --redis redis://localhost:6379",
            "      the same on your own Redis, with 50 synthetic users",
            "  ./sessionkeeper tour",
            "      a short narrated tour in the console",
            "  ./sessionkeeper worker --redis redis://localhost:6379",
            "      the expiry engine as a daemon; stop it with SIGTERM or Ctrl-C",
            "  ./sessionkeeper worker --embedded",
            "      the same on a local Redis, to try it out",
            "  ./sessionkeeper stats --redis redis://localhost:6379",
            "      live sessions, backlog, event rates, consumer lag and workers",
            "  ./sessionkeeper doctor --redis redis://localhost:6379",
            "      checks what endangers sessions; exit code 1 on a problem",
            "  ./sessionkeeper events tail --redis redis://localhost:6379",
            "      the live event stream, one line per event",
            "  ./sessionkeeper sessions list --user alice --redis redis://localhost:6379",
            "      a user's live sessions; also sessions show ID, destroy ID, count",
            "  ./sessionkeeper logout alice --redis redis://localhost:6379",
            "      sign a user out everywhere",
            "  ./sessionkeeper COMMAND --help",
            "      each command's options",
            "",
            "Every command reads --redis, --namespace, --shards, --redis-ca from the",
            "flag, else $SESSIONKEEPER_REDIS / $SESSIONKEEPER_NAMESPACE / $SESSIONKEEPER_REDIS_CA,",
            "else a --config FILE of key=value lines ($SESSIONKEEPER_CONFIG)."
        })
public final class SessionkeeperCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: try ./sessionkeeper demo, or ./sessionkeeper --help");
    }
}
