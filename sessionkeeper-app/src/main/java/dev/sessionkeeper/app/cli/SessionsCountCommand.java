package dev.sessionkeeper.app.cli;

import dev.sessionkeeper.SessionStore;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sessionkeeper sessions count}: the live sessions of the namespace, exact at Redis's instant. */
@Command(name = "count",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Print the number of live sessions (one call per shard, exact).", ""},
        footerHeading = "%nExamples:%n",
        footer = {"  ./sessionkeeper sessions count --redis redis://localhost:6379 --namespace myapp"})
public final class SessionsCountCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    private final Map<String, String> env;

    public SessionsCountCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        ConnectionOptions.Settings settings = connection.resolve(env, spec);
        try (SessionStore store = ConnectionOptions.connect(settings, spec)) {
            // The bare number, so that scripts can use it: ./sessionkeeper sessions count | ...
            spec.commandLine().getOut().println(store.count());
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
