package dev.sessionkeeper.app;

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
            "  ./sessionkeeper demo --help, ./sessionkeeper tour --help, ./sessionkeeper worker --help",
            "      each command's options"
        })
final class SessionkeeperCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: try ./sessionkeeper demo, or ./sessionkeeper --help");
    }
}
