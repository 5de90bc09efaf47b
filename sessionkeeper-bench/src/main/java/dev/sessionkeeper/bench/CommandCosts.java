package dev.sessionkeeper.bench;

import dev.sessionkeeper.testkit.ScriptCalls;

import java.util.Map;
import java.util.TreeMap;

/**
 * What Redis spent between two {@code INFO all} snapshots: CPU ({@code used_cpu_user + sys}),
 * commands processed, and per command of {@code INFO commandstats} its calls and µs. A script's
 * script call's time (FCALL or EVALSHA) includes the commands it runs, and those commands are also counted under their
 * own names, so "script time less the time of the commands inside" is what the script itself
 * costs: Lua, converting replies into Lua values and back, building its reply.
 *
 * @param commands per command name (lower case, e.g. {@code hgetall}): {calls, usec}
 */
record CommandCosts(double cpuSeconds, long totalCommands, Map<String, long[]> commands) {

    /** The commands the benchmark's own probe sends while measuring; not the system's. */
    private static final java.util.Set<String> PROBE = java.util.Set.of("info");

    static CommandCosts of(RedisProbe.Stats stats) {
        Map<String, long[]> commands = new TreeMap<>();
        for (Map.Entry<String, String> f : stats.fields().entrySet()) {
            if (f.getKey().startsWith("cmdstat_")) {
                String name = f.getKey().substring("cmdstat_".length());
                commands.put(name, stats.command(name));
            }
        }
        return new CommandCosts(stats.cpuSeconds(), stats.totalCommands(), commands);
    }

    /** This minus an earlier snapshot, without the earlier snapshot's own INFO call. */
    CommandCosts minus(CommandCosts earlier) {
        Map<String, long[]> delta = new TreeMap<>();
        for (Map.Entry<String, long[]> c : commands.entrySet()) {
            if (PROBE.contains(c.getKey())) {
                continue;
            }
            long[] before = earlier.commands.getOrDefault(c.getKey(), new long[2]);
            long calls = c.getValue()[0] - before[0];
            if (calls > 0) {
                delta.put(c.getKey(), new long[] {calls, c.getValue()[1] - before[1]});
            }
        }
        return new CommandCosts(cpuSeconds - earlier.cpuSeconds, totalCommands - earlier.totalCommands - 1, delta);
    }

    long calls(String command) {
        return commands.getOrDefault(command, new long[2])[0];
    }

    long usec(String command) {
        return commands.getOrDefault(command, new long[2])[1];
    }

    /** Script calls: FCALL, EVALSHA and EVAL (ScriptCalls.SCRIPT_COMMANDS, the test kit's list). */
    long scriptCalls() {
        return ScriptCalls.SCRIPT_COMMANDS.stream().mapToLong(this::calls).sum();
    }

    long scriptUsec() {
        return ScriptCalls.SCRIPT_COMMANDS.stream().mapToLong(this::usec).sum();
    }

    /** The commands other than script calls, with their calls and µs. */
    Map<String, long[]> inner() {
        Map<String, long[]> inner = new TreeMap<>(commands);
        inner.keySet().removeAll(ScriptCalls.SCRIPT_COMMANDS);
        return inner;
    }
}
