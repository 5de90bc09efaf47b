package dev.sessionkeeper.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sessionkeeper sessions}: only the subcommands that look at and end sessions. */
@Command(name = "sessions",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Look at and end sessions: list a user's, show one, destroy, count.", ""},
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./sessionkeeper sessions list --user alice --redis redis://localhost:6379",
            "  ./sessionkeeper sessions show 007Qm3xY2b_0fKq9Zr1sTuVw-4aB",
            "  ./sessionkeeper sessions destroy 007Qm3xY2b_0fKq9Zr1sTuVw-4aB",
            "  ./sessionkeeper sessions destroy --user alice --all",
            "  ./sessionkeeper sessions count"
        })
public final class SessionsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: list, show, destroy or count "
                + "(./sessionkeeper sessions --help).");
    }
}
