package dev.sessionkeeper.bench;

import java.util.List;

/**
 * Every Redis-side figure of the web benchmark (Redis CPU, Redis commands, Redis memory, per
 * operation or session) as a ratio to the floor's ({@link BareSystem}) in the same run: how many
 * times what Redis itself costs for the same session each system costs. The rows go in each
 * system's own column, under one benchmark, so the table lists them side by side.
 */
final class FloorRatios {

    static final String BENCHMARK = "vs the floor (bare, same run): Redis-side figure / the floor's";

    /** What the issue asks of sessionkeeper's Redis CPU per request against the floor. */
    private static final double REQUEST_CPU_BOUND = 2;

    private FloorRatios() {
    }

    static void add(Results results, List<BenchSystem.Factory> systems) {
        String floor = BareSystem.FACTORY.name();
        if (systems.stream().noneMatch(s -> s.name().equals(floor))) {
            return;
        }
        List<Results.Row> rows = results.rows();
        for (BenchSystem.Factory system : systems) {
            if (system.name().equals(floor)) {
                continue;
            }
            results.system(system.name());
            for (Results.Row r : rows) {
                if (!r.system().equals(floor) || !redisSide(r.metric())) {
                    continue;
                }
                double mine = results.value(system.name(), r.benchmark(), r.metric());
                if (Double.isNaN(mine) || r.value() == 0) {
                    continue;
                }
                String metric = r.metric() + " (" + shortName(r.benchmark()) + ")";
                double ratio = mine / r.value();
                if (system == SessionkeeperSystem.FACTORY && r.metric().equals("Redis CPU per request")) {
                    results.atMost(BENCHMARK, metric, ratio, "x floor", REQUEST_CPU_BOUND);
                } else {
                    results.add(BENCHMARK, metric, ratio, "x floor");
                }
            }
        }
        results.system(SessionkeeperSystem.FACTORY.name());
    }

    private static boolean redisSide(String metric) {
        return metric.startsWith("Redis CPU per ") || metric.startsWith("Redis commands per ")
                || metric.startsWith("Redis memory per ") || metric.endsWith(": Redis commands");
    }

    /** The benchmark's name without its sizes: up to the first " (" or " [". */
    private static String shortName(String benchmark) {
        int end = benchmark.length();
        for (String mark : new String[] {" (", " ["}) {
            int at = benchmark.indexOf(mark);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return benchmark.substring(0, end);
    }
}
