package dev.sessionkeeper.app.ops;

import dev.sessionkeeper.app.cli.Table;
import dev.sessionkeeper.app.support.Durations;
import dev.sessionkeeper.app.support.Times;
import dev.sessionkeeper.events.GroupStatus;
import dev.sessionkeeper.inspect.SessionInspector;
import dev.sessionkeeper.inspect.ShardStatus;
import dev.sessionkeeper.inspect.WorkerHeartbeat;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code stats} block: per-shard figures and their totals, recent events by type, each consumer group
 * summed over the shards, and the workers' heartbeats. Figures that hit the inspector's scan cap print as
 * "10,000+" rather than as an exact-looking number.
 */
public final class StatsReport {

    private StatsReport() {
    }

    public static void print(PrintWriter out, String header, List<ShardStatus> shards, List<WorkerHeartbeat> workers) {
        Instant now = shards.isEmpty() ? Instant.now() : shards.get(0).at();
        out.println(header + ", at " + Times.stamp(now) + " (Redis clock)");
        out.println();
        Table table = new Table(">SHARD", ">LIVE", ">BACKLOG", "OLDEST OVERDUE", ">EVENTS", ">DEAD");
        long live = 0;
        long backlog = 0;
        long events = 0;
        long dead = 0;
        Instant oldest = null;
        Map<String, Long> recent = new LinkedHashMap<>();
        boolean recentCapped = false;
        Map<String, long[]> groups = new TreeMap<>();
        List<String> retentionWarnings = new ArrayList<>();
        for (ShardStatus s : shards) {
            table.row(s.shard(), WorkerReport.count(s.liveSessions()), WorkerReport.count(s.dueBacklog()),
                    s.oldestOverdue() == null ? "-" : Times.relative(s.oldestOverdue(), now),
                    WorkerReport.count(s.events()), WorkerReport.count(s.deadLetters()));
            live += s.liveSessions();
            backlog += s.dueBacklog();
            events += s.events();
            dead += s.deadLetters();
            if (s.oldestOverdue() != null && (oldest == null || s.oldestOverdue().isBefore(oldest))) {
                oldest = s.oldestOverdue();
            }
            s.recentEvents().forEach((type, n) -> recent.merge(type, n, Long::sum));
            recentCapped |= s.recentEventsCapped();
            for (GroupStatus g : s.groups()) {
                long[] sums = groups.computeIfAbsent(g.name(), k -> new long[5]);
                sums[0] = Math.max(sums[0], g.consumers());
                sums[1] += g.pending();
                sums[2] += g.lag();
                sums[3] |= g.lagCapped() ? 1 : 0;
                sums[4] += Math.max(0, g.lost());
                if (g.lost() > 0) {
                    retentionWarnings.add("group '" + g.name() + "' lost " + WorkerReport.count(g.lost())
                            + " events on shard " + s.shard() + ": trimmed before it was delivered them");
                } else if (g.nearRetention()) {
                    retentionWarnings.add("group '" + g.name() + "' is " + WorkerReport.count(g.lag()) + " events behind"
                            + " on shard " + s.shard() + ", near the retention of " + WorkerReport.count(g.retention())
                            + ": past it, events are trimmed unread");
                }
            }
        }
        table.row("all", WorkerReport.count(live), WorkerReport.count(backlog),
                oldest == null ? "-" : Times.relative(oldest, now), WorkerReport.count(events), WorkerReport.count(dead));
        table.print(out, "  ");
        out.println();
        List<String> byType = new ArrayList<>();
        for (String type : List.of("created", "expired", "destroyed", "rotated")) {
            byType.add(type + " " + WorkerReport.count(recent.getOrDefault(type, 0L)));
        }
        out.println("Events in the last minute: " + String.join(", ", byType)
                + (recentCapped ? " (counted up to " + WorkerReport.count(SessionInspector.SCAN_CAP) + " per shard)" : ""));
        out.println();
        if (groups.isEmpty()) {
            out.println("Consumer groups: none");
        } else {
            out.println("Consumer groups:");
            Table g = new Table("GROUP", ">CONSUMERS", ">PENDING", ">LAG", ">LOST");
            groups.forEach((name, sums) -> g.row(name, sums[0], WorkerReport.count(sums[1]),
                    WorkerReport.count(sums[2]) + (sums[3] == 1 ? "+" : ""), WorkerReport.count(sums[4])));
            g.print(out, "  ");
            for (String w : retentionWarnings) {
                out.println("  WARNING: " + w);
            }
        }
        out.println();
        long running = workers.stream().filter(WorkerHeartbeat::isLive).count();
        out.println("Workers: " + running + " running" + (workers.size() > running
                ? ", " + (workers.size() - running) + " stopped or silent (last day)" : ""));
        if (!workers.isEmpty()) {
            Table w = new Table("WORKER", "STATE", "SHARDS", "LAST SEEN", ">EXPIRED", ">BACKLOG", ">P99 LATE");
            for (WorkerHeartbeat h : workers) {
                w.row(h.id(), h.isLive() ? "running" : h.stopped() ? "stopped" : "silent", h.shards(),
                        Durations.uptime(h.silentFor()) + " ago", WorkerReport.count(h.expired()),
                        WorkerReport.count(h.backlog()), h.latenessP99Millis() + " ms");
            }
            w.print(out, "  ");
        }
        out.flush();
    }
}
