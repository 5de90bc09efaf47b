package dev.sessionkeeper.app.cli;

import dev.sessionkeeper.SessionInfo;
import dev.sessionkeeper.SessionStore;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The per-user calls of the operator commands, with a user name the store refuses turned into a usage error. */
final class Principals {

    private Principals() {
    }

    static List<SessionInfo> sessionsOf(SessionStore store, String user, List<String> attributes, CommandSpec spec) {
        try {
            return store.sessionsOf(user, attributes.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid user: " + e.getMessage());
        }
    }

    static int logoutEverywhere(SessionStore store, String user, CommandSpec spec) {
        try {
            return store.logoutEverywhere(user);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid user: " + e.getMessage());
        }
    }
}
