package dev.sessionkeeper.app.cli;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The defaults in which {@code demo} and {@code tour} differ from the other commands: their keys go under the
 * namespace {@value #NAMESPACE}, so that trying them on the applications' Redis leaves the applications' own
 * sessions (namespace {@value WorkerCommand#DEFAULT_NAMESPACE}) alone. A default value provider rather than a
 * second {@code --namespace} option, so that {@link ConnectionOptions} stays the one place that settles it.
 */
final class DemoDefaults implements IDefaultValueProvider {

    static final String NAMESPACE = "sk-demo";

    @Override
    public String defaultValue(ArgSpec arg) {
        boolean namespace = arg instanceof OptionSpec option
                && option.longestName().equals(ConnectionOptions.NAMESPACE_OPTION);
        // null: the option's own default.
        return namespace ? NAMESPACE : null;
    }
}
