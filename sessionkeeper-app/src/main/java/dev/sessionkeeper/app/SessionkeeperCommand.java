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
            "      a short narrated tour on an embedded Redis",
            "  ./sessionkeeper demo --redis redis://localhost:6379",
            "      the same tour on your own Redis",
            "  ./sessionkeeper worker --redis redis://localhost:6379",
            "      the expiry engine as a daemon; stop it with SIGTERM or Ctrl-C",
            "  ./sessionkeeper worker --embedded",
            "      the same on a local Redis, to try it out",
            "  ./sessionkeeper demo --help, ./sessionkeeper worker --help",
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
