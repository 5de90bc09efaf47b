package dev.sessionkeeper.app.cli;

import dev.sessionkeeper.Session;
import dev.sessionkeeper.app.support.Redaction;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks a session id given on the command line before anything connects: a shortened id (as the tools print
 * them) or a mistyped one is a usage error that says so, not a "no such session".
 */
final class SessionIdArgument {

    private SessionIdArgument() {
    }

    static void check(String id, CommandSpec spec) {
        if (!Session.isWellFormedId(id)) {
            String hint = id != null && id.endsWith("...") ? " The tools print ids shortened; give the whole id"
                    + " (e.g. from the cookie)." : "";
            throw new ParameterException(spec.commandLine(), "'" + Redaction.id(id) + "' is not a session id "
                    + "(3 digits and 24 characters of A-Z a-z 0-9 _ -)." + hint);
        }
    }
}
