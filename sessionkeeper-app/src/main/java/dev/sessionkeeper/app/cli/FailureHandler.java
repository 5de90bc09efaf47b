package dev.sessionkeeper.app.cli;

import dev.sessionkeeper.RedisUnavailableException;
import dev.sessionkeeper.app.demo.EmbeddedRedisException;
import dev.sessionkeeper.app.support.PortInUseException;
import java.util.Map;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * Turns a failed command into one line on stderr that says what went wrong and what to do, and exit code
 * 1; a usage error is left to picocli (usage help, exit code 2). The stack trace is printed only when {@code SESSIONKEEPER_DEBUG} is set.
 */
public final class FailureHandler implements IExecutionExceptionHandler {

    static final int FAILED = 1;
    static final String DEBUG_ENV = "SESSIONKEEPER_DEBUG";

    private final Map<String, String> env;

    public FailureHandler(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, ParseResult parseResult) throws Exception {
        if (ex instanceof ParameterException bad) {
            // A usage error found while running (e.g. a URL the store cannot parse): usage help, exit code 2.
            return cli.getParameterExceptionHandler().handleParseException(bad,
                    parseResult.originalArgs().toArray(String[]::new));
        }
        cli.getErr().println("sessionkeeper: " + advice(ex, cli.getCommandName()));
        if (env.get(DEBUG_ENV) != null) {
            ex.printStackTrace(cli.getErr());
        }
        cli.getErr().flush();
        return FAILED;
    }

    /** @param command the (sub)command that failed, e.g. "demo", "tour" or "worker" */
    static String advice(Exception ex, String command) {
        boolean worker = "worker".equals(command);
        if (ex instanceof RedisUnavailableException && worker) {
            return oneLine(ex.getMessage()) + " The worker needs the Redis your applications use, named by --redis URL"
                    + " (or " + DemoCommand.REDIS_ENV + ", or redis=URL in a --config file); to try it out on a local"
                    + " Redis, use --embedded.";
        }
        if (ex instanceof RedisUnavailableException && !"demo".equals(command) && !"tour".equals(command)) {
            return oneLine(ex.getMessage()) + " Name the Redis your applications use with --redis URL (or "
                    + DemoCommand.REDIS_ENV + ", or redis=URL in a --config file).";
        }
        if (ex instanceof RedisUnavailableException) {
            return oneLine(ex.getMessage()) + " Point the " + command + " at a reachable Redis with --redis URL (or "
                    + DemoCommand.REDIS_ENV + ", or redis=URL in a --config file), or name none to use an embedded"
                    + " Redis.";
        }
        if (ex instanceof EmbeddedRedisException) {
            return oneLine(ex.getMessage()) + " Install redis-server 6.2 or newer (or set "
                    + "SESSIONKEEPER_REDIS_SERVER to one), or run against your own Redis with --redis URL.";
        }
        if (ex instanceof PortInUseException) {
            return oneLine(ex.getMessage()) + " Stop the program that uses it, or pick another port with --port"
                    + " (--port 0 picks a free one).";
        }
        if (ex instanceof InterruptedException) {
            return "interrupted.";
        }
        if (ex instanceof dev.sessionkeeper.SessionKeeperException) {
            return oneLine(ex.getMessage());
        }
        return "the " + (command == null ? "demo" : command) + " failed: " + oneLine(ex.toString()) + " (set " + DEBUG_ENV
                + "=1 for the stack trace, and please report it).";
    }

    private static String oneLine(String message) {
        String line = EmbeddedRedisException.firstLine(message);
        return line.endsWith(".") ? line : line + ".";
    }
}
