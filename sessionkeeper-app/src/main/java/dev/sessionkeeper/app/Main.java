package dev.sessionkeeper.app;

import dev.sessionkeeper.app.cli.DemoCommand;
import dev.sessionkeeper.app.cli.DoctorCommand;
import dev.sessionkeeper.app.cli.EventsCommand;
import dev.sessionkeeper.app.cli.EventsTailCommand;
import dev.sessionkeeper.app.cli.FailureHandler;
import dev.sessionkeeper.app.cli.LogoutCommand;
import dev.sessionkeeper.app.cli.SessionkeeperCommand;
import dev.sessionkeeper.app.cli.SessionsCommand;
import dev.sessionkeeper.app.cli.SessionsCountCommand;
import dev.sessionkeeper.app.cli.SessionsDestroyCommand;
import dev.sessionkeeper.app.cli.SessionsListCommand;
import dev.sessionkeeper.app.cli.SessionsShowCommand;
import dev.sessionkeeper.app.cli.StatsCommand;
import dev.sessionkeeper.app.cli.TourCommand;
import dev.sessionkeeper.app.cli.WorkerCommand;
import java.util.Map;
import picocli.CommandLine;

/** Entry point of the {@code sessionkeeper} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /**
     * The whole command tree, reading its environment variables from {@code env} so that tests can run it
     * in-process with an environment of their own.
     */
    static CommandLine commandLine(Map<String, String> env) {
        CommandLine cli = new CommandLine(new SessionkeeperCommand());
        cli.addSubcommand("demo", new DemoCommand(env));
        cli.addSubcommand("tour", new TourCommand(env));
        cli.addSubcommand("worker", new WorkerCommand(env));
        CommandLine sessions = new CommandLine(new SessionsCommand());
        sessions.addSubcommand("list", new SessionsListCommand(env));
        sessions.addSubcommand("show", new SessionsShowCommand(env));
        sessions.addSubcommand("destroy", new SessionsDestroyCommand(env));
        sessions.addSubcommand("count", new SessionsCountCommand(env));
        cli.addSubcommand("sessions", sessions);
        cli.addSubcommand("logout", new LogoutCommand(env));
        CommandLine events = new CommandLine(new EventsCommand());
        events.addSubcommand("tail", new EventsTailCommand(env));
        cli.addSubcommand("events", events);
        cli.addSubcommand("stats", new StatsCommand(env));
        cli.addSubcommand("doctor", new DoctorCommand(env));
        cli.setExecutionExceptionHandler(new FailureHandler(env));
        return cli;
    }
}
