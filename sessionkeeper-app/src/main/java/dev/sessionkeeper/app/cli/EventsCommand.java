package dev.sessionkeeper.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sessionkeeper events}: only its subcommands. */
@Command(name = "events",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Read the durable event log.", ""},
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExamples:%n",
        footer = {"  ./sessionkeeper events tail --redis redis://localhost:6379"})
public final class EventsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: tail (./sessionkeeper events --help).");
    }
}
