package dev.sessionkeeper.spring.boot;

import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.AutoConfigurations;

import java.util.ArrayList;
import java.util.List;

/**
 * The Boot line the tests run on: the same tests run on Boot 4 (this module) and on Boot 3
 * (sessionkeeper-spring-boot3-tests), whose session auto-configurations live in different
 * packages.
 */
final class BootLine {

    private BootLine() {
    }

    static boolean isBoot4() {
        return SpringBootVersion.getVersion().startsWith("4.");
    }

    /** Ours, then Boot's session auto-configuration of the line in use. */
    static AutoConfigurations sessionAutoConfigurations() {
        List<Class<?>> classes = new ArrayList<>();
        classes.add(SessionKeeperAutoConfiguration.class);
        classes.add(load(isBoot4() ? "org.springframework.boot.session.autoconfigure.SessionAutoConfiguration"
                : "org.springframework.boot.autoconfigure.session.SessionAutoConfiguration"));
        return AutoConfigurations.of(classes.toArray(Class<?>[]::new));
    }

    static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("not on this Boot line's classpath: " + name, e);
        }
    }
}
