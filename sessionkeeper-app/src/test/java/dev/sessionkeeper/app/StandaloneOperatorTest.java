package dev.sessionkeeper.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkeeper.app.cli.ConnectionOptions;
import dev.sessionkeeper.app.cli.DemoCommand;
import dev.sessionkeeper.app.cli.WorkerCommand;
import dev.sessionkeeper.testkit.RedisExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The operator commands on a standalone Redis, plus what does not depend on the topology: usage, config, help. */
class StandaloneOperatorTest extends OperatorContract {

    @RegisterExtension
    static final RedisExtension REDIS = RedisExtension.standalone();

    @TempDir
    Path dir;

    @Override
    RedisExtension redis() {
        return REDIS;
    }

    @Test
    void settingsComeFromFlagThenEnvironmentThenConfigFileThenDefault() throws Exception {
        store.create();
        Path config = dir.resolve("sk.properties");
        Files.writeString(config, "# the applications' settings\nredis=" + REDIS.uri() + "\nnamespace=" + ns + "\nshards=16\n");

        assertThat(Cli.run("sessions", "count", "--config", config.toString()).out().strip()).isEqualTo("1");
        assertThat(Cli.run(Map.of(ConnectionOptions.CONFIG_ENV, config.toString()), "sessions", "count").out().strip())
                .isEqualTo("1");
        assertThat(Cli.run(Map.of(WorkerCommand.NAMESPACE_ENV, "elsewhere"), "sessions", "count", "--config",
                config.toString()).out().strip()).as("env over file").isEqualTo("0");
        assertThat(Cli.run(Map.of(WorkerCommand.NAMESPACE_ENV, "elsewhere"), "sessions", "count", "--config",
                config.toString(), "--namespace", ns).out().strip()).as("flag over env").isEqualTo("1");
        assertThat(Cli.run(Map.of(DemoCommand.REDIS_ENV, REDIS.uri()), "sessions", "count", "--namespace", ns).out().strip())
                .isEqualTo("1");

        Files.writeString(config, "redis=" + REDIS.uri() + "\nnamepsace=typo\n");
        Cli typo = Cli.run("sessions", "count", "--config", config.toString());
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).contains("Unknown key 'namepsace'");
    }

    @Test
    void badArgumentsAreOneClearMessageAndExitCode2() {
        String redis = REDIS.uri();
        assertUsage(Cli.run("stats"), "Missing --redis URL (or SESSIONKEEPER_REDIS");
        assertUsage(Cli.run("sessions", "list", "--redis", redis), "Missing required option: '--user=USER'");
        assertUsage(Cli.run("sessions", "show", "007abc...", "--redis", redis), "is not a session id", "give the whole id");
        assertUsage(Cli.run("sessions", "destroy", "--redis", redis), "Give either a session ID, or --user USER --all");
        assertUsage(Cli.run("sessions", "destroy", "--user", "alice", "--redis", redis), "--user USER --all");
        assertUsage(Cli.run("sessions"), "Missing command: list, show, destroy or count");
        assertUsage(Cli.run("logout", "--redis", redis), "Give the users to sign out");
        assertUsage(Cli.run("events", "tail", "--redis", redis, "--from", "start"), "--from start needs --group");
        assertUsage(Cli.run("events", "tail", "--redis", redis, "--type", "expired,nope"), "Unknown event type 'nope'");
        assertUsage(Cli.run("events", "tail", "--redis", redis, "--from", "yesterday"), "--from must be 'start' or 'now'");
        assertUsage(Cli.run("stats", "--redis", "http://localhost:6379"), "unsupported Redis URL scheme");
        assertUsage(Cli.run("stats", "--redis", redis, "--interval", "soon"), "'soon' is not a duration");
        assertUsage(Cli.run("stats", "--redis", redis, "--shards", "0"), "--shards must be 1..1000");
        assertUsage(Cli.run("doctor", "--redis", redis, "--config", dir.resolve("missing").toString()),
                "Cannot read the config file");
        assertUsage(Cli.run("doctor", "--redis", redis, "--redis-ca", dir.resolve("missing.pem").toString()),
                "Cannot read the CA file");
        assertUsage(Cli.run("sessions", "list", "--user", "alice", "--redis", redis, "--namespace", "a b"),
                "Invalid option: namespace must be");
    }

    @Test
    void unreachableRedisIsOneLineAndExitCode1() {
        Cli run = Cli.run("stats", "--redis", "redis://app:secret@127.0.0.1:1");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err().strip()).doesNotContain("\n").startsWith("sessionkeeper: cannot connect to Redis at")
                .contains("--redis URL").doesNotContain("secret");
    }

    @Test
    void everyCommandHasHelpWithExamples() {
        String[][] commands = {{"sessions"}, {"sessions", "list"}, {"sessions", "show"}, {"sessions", "destroy"},
            {"sessions", "count"}, {"logout"}, {"events"}, {"events", "tail"}, {"stats"}, {"doctor"}, {"worker"},
            {"demo"}, {"tour"}};
        for (String[] command : commands) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";
            Cli help = Cli.run(args);
            assertThat(help.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(help.out()).as(String.join(" ", args)).contains("Usage: sessionkeeper " + String.join(" ", command),
                    "Examples:");
            if (command.length > 1 || !command[0].equals("sessions") && !command[0].equals("events")) {
                assertThat(help.out()).as(String.join(" ", args)).contains("--redis=URL", "--namespace=NAME",
                        "--redis-ca=FILE", "--config=FILE", "--shards=N");
            }
        }
        Cli top = Cli.run("--help");
        assertThat(top.out()).contains("sessions", "logout", "events", "stats", "doctor", "./sessionkeeper doctor");
    }

    private static void assertUsage(Cli run, String... messages) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).as(run.toString()).contains(messages).contains("Usage: sessionkeeper");
    }
}
