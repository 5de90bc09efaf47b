package dev.sessionkeeper.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the project version (filled in by the build) and the Java runtime. */
final class VersionProvider implements IVersionProvider {

    // Absolute: the file stays beside Main, where the pom filters it, whichever package reads it.
    private static final String RESOURCE = "/dev/sessionkeeper/app/version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {
            "sessionkeeper " + projectVersion(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
        };
    }

    static String projectVersion() {
        Properties props = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        String v = props.getProperty("version", "unknown");
        return v.startsWith("${") ? "unknown" : v;
    }
}
