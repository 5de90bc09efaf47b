package dev.sessionkeeper.app.ops;

import dev.sessionkeeper.app.support.Durations;
import dev.sessionkeeper.events.GroupStatus;
import dev.sessionkeeper.inspect.ServerFacts;
import dev.sessionkeeper.inspect.ShardStatus;
import dev.sessionkeeper.inspect.WorkerHeartbeat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The checks of {@code doctor}, as pure functions of what the inspector read, so that each rule can be read
 * (and tested) on its own. Thresholds follow the design: expiry events are meant to be written within about
 * 50 ms of the deadline, so a p99 above 250 ms is worth a look and above 2 s something is wrong.
 */
public final class Doctor {

    static final long LATENESS_WARN_MS = 250;
    static final long LATENESS_FAIL_MS = 2_000;
    /** An overdue session older than this means no worker is keeping up. */
    static final Duration OVERDUE_FAIL = Duration.ofSeconds(10);
    static final long SKEW_WARN_MS = 1_000;

    private Doctor() {
    }

    /** Every check, in the order they print. */
    public static List<Check> checks(List<ServerFacts> servers, List<ShardStatus> shards, List<WorkerHeartbeat> workers,
                              boolean loopbackOnly) {
        List<Check> out = new ArrayList<>();
        for (ServerFacts s : servers) {
            out.add(version(s));
            out.add(eviction(s));
            out.add(persistence(s));
            if (s.clusterInfo() != null) {
                out.add(cluster(s));
            }
            out.add(scripts(s));
            out.add(functions(s));
            out.add(clock(s));
            out.add(authentication(s, loopbackOnly));
        }
        out.add(workers(workers));
        out.add(backlog(shards));
        out.add(eventRetention(shards));
        out.add(lateness(workers));
        return out;
    }

    static Check version(ServerFacts s) {
        String title = "version (" + s.node() + ")";
        String valkey = s.info().get("valkey_version");
        String redis = s.info().get("redis_version");
        if (redis == null) {
            return Check.warn(title, "cannot check (INFO not allowed).", "Make sure the server runs Redis 6.2+ or Valkey 7.2+.");
        }
        if (valkey != null) {
            return Check.ok(title, "Valkey " + valkey + ".");
        }
        int[] v = numbers(redis);
        if (v[0] < 6 || (v[0] == 6 && v[1] < 2)) {
            return Check.fail(title, "Redis " + redis + " is older than 6.2, which sessionkeeper needs (XAUTOCLAIM, "
                    + "exclusive XRANGE ranges).", "Upgrade to Redis 6.2 or newer (or Valkey 7.2+).");
        }
        return Check.ok(title, "Redis " + redis + " (6.2 or newer needed).");
    }

    static Check eviction(ServerFacts s) {
        String title = "eviction policy (" + s.node() + ")";
        if (s.config() == null) {
            return Check.warn(title, "cannot check (CONFIG not allowed: " + s.configError() + ").",
                    "Check maxmemory-policy in your provider's settings: it must be noeviction; or run doctor as a user "
                            + "allowed CONFIG GET.");
        }
        String policy = s.config().getOrDefault("maxmemory-policy", "?");
        if (policy.startsWith("allkeys-")) {
            return Check.fail(title, "maxmemory-policy is " + policy + ": when memory runs out, Redis deletes live "
                    + "sessions (users are signed out at random, with no event) and index and event keys.",
                    "CONFIG SET maxmemory-policy noeviction (and set it in redis.conf); size maxmemory for the sessions.");
        }
        if (policy.startsWith("volatile-")) {
            return Check.warn(title, "maxmemory-policy is " + policy + ": risky, because every session key has a TTL "
                    + "(deadline + grace), so under memory pressure Redis evicts live sessions first.",
                    "CONFIG SET maxmemory-policy noeviction (and in redis.conf); writes then fail loudly instead.");
        }
        return Check.ok(title, "maxmemory-policy is " + policy + ": session keys are never evicted.");
    }

    static Check persistence(ServerFacts s) {
        String title = "persistence (" + s.node() + ")";
        boolean aof;
        String save;
        if (s.config() != null) {
            aof = "yes".equals(s.config().get("appendonly"));
            save = s.config().getOrDefault("save", "");
        } else if (s.info().containsKey("aof_enabled")) {
            aof = "1".equals(s.info().get("aof_enabled"));
            save = null;
        } else {
            return Check.warn(title, "cannot check (neither CONFIG nor INFO allowed).",
                    "Make sure AOF (appendonly yes) is on, or that losing every session on a restart is acceptable.");
        }
        if (aof) {
            return Check.ok(title, "AOF is on: sessions and their events survive a restart together.");
        }
        if (save == null) {
            return Check.warn(title, "AOF is off; whether RDB snapshots are on cannot be told (CONFIG not allowed).",
                    "Turn on AOF (appendonly yes), or accept losing recent sessions and events on a restart.");
        }
        if (save.isBlank()) {
            return Check.fail(title, "persistence is off (no AOF, no RDB save): a restart signs every user out and "
                    + "loses the events not yet consumed.",
                    "CONFIG SET appendonly yes (and appendonly yes in redis.conf); appendfsync everysec is the usual choice.");
        }
        return Check.warn(title, "RDB snapshots only (save " + save + "): a crash loses the sessions and events "
                + "since the last snapshot.", "CONFIG SET appendonly yes (and in redis.conf).");
    }

    static Check cluster(ServerFacts s) {
        String title = "cluster (" + s.node() + ")";
        Map<String, String> c = s.clusterInfo();
        if (c.isEmpty()) {
            return Check.warn(title, "cannot check (CLUSTER INFO not allowed).", "Run CLUSTER INFO as an admin.");
        }
        String state = c.getOrDefault("cluster_state", "?");
        String slots = c.getOrDefault("cluster_slots_ok", "?");
        if (!"ok".equals(state) || !"16384".equals(slots)) {
            return Check.fail(title, "cluster_state is " + state + ", " + slots + " of 16384 slots ok: shards in "
                    + "uncovered slots cannot be read or written.",
                    "Fix the cluster: redis-cli --cluster check HOST:PORT, then --cluster fix.");
        }
        return Check.ok(title, "state ok, all 16384 slots covered.");
    }

    static Check scripts(ServerFacts s) {
        String title = "scripts (" + s.node() + ")";
        if (s.scriptLoadError() != null) {
            return Check.fail(title, "SCRIPT LOAD fails: " + s.scriptLoadError() + ". Every store operation is a script.",
                    "Allow EVAL, EVALSHA and SCRIPT LOAD for the store's user (see docs/security.md).");
        }
        return Check.ok(title, "SCRIPT LOAD works.");
    }

    static Check functions(ServerFacts s) {
        String title = "function library (" + s.node() + ")";
        if (s.functionLoadError() == null) {
            return Check.ok(title, "loaded: scripts run by FCALL.");
        }
        String redis = s.info().get("redis_version");
        if (s.info().get("valkey_version") == null && redis != null && numbers(redis)[0] < 7) {
            return Check.ok(title, "Redis " + redis + " has no functions: scripts run by EVALSHA (on Redis 7 they run"
                    + " as a function library, at about 30 % less Redis CPU per request).");
        }
        return Check.warn(title, "FUNCTION LOAD fails: " + s.functionLoadError() + ". Scripts run by EVALSHA, which"
                + " costs Redis about 40 % more CPU per request.",
                "Allow FCALL and FUNCTION LOAD for the store's user (see docs/security.md).");
    }

    static Check clock(ServerFacts s) {
        String title = "clock (" + s.node() + ")";
        long skew = s.clockSkewMillis();
        String finding = "Redis's clock is " + Math.abs(skew) + " ms " + (skew >= 0 ? "ahead of" : "behind")
                + " this host's (round trip " + s.roundTripMillis() + " ms)";
        if (Math.abs(skew) > SKEW_WARN_MS + s.roundTripMillis()) {
            return Check.warn(title, finding + ". Deadlines use Redis's clock, so sessions still end on time, but "
                    + "times your applications log or show will disagree with them.",
                    "Run NTP (chrony, systemd-timesyncd) on this host and on the Redis host.");
        }
        return Check.ok(title, finding + ".");
    }

    static Check authentication(ServerFacts s, boolean loopbackOnly) {
        String title = "authentication (" + s.node() + ")";
        if (s.openWithoutPassword() == null) {
            return Check.warn(title, "cannot check (ACL GETUSER not allowed); connected as '" + s.user() + "'.",
                    "Make sure the default user is off or has a password: ACL SETUSER default off.");
        }
        if (!s.openWithoutPassword()) {
            return Check.ok(title, "clients must authenticate (connected as '" + s.user() + "').");
        }
        String finding = "anyone who can reach this Redis can read and change every session (the default user "
                + "needs no password)";
        String fix = "Set a password or ACL user (requirepass, or ACL SETUSER), bind Redis to a private network, "
                + "use TLS across hosts; see docs/security.md.";
        return loopbackOnly ? Check.warn(title, finding + "; tolerable on localhost only.", fix)
                : Check.fail(title, finding + ".", fix);
    }

    static Check workers(List<WorkerHeartbeat> workers) {
        String title = "expiry workers";
        List<WorkerHeartbeat> live = workers.stream().filter(WorkerHeartbeat::isLive).toList();
        if (!live.isEmpty()) {
            return Check.ok(title, live.size() + " running (" + String.join(", ",
                    live.stream().map(w -> w.id() + " on shards " + w.shards()).toList()) + ").");
        }
        String fix = "Run ./sessionkeeper worker --redis URL (or store.expiryWorker().start() in an application) "
                + "with this namespace and shard count.";
        if (workers.isEmpty()) {
            return Check.fail(title, "no expiry worker seen (no heartbeat in the last day): sessions still end at "
                    + "their deadline, but no 'expired' events are written and expired data stays until its TTL.", fix);
        }
        WorkerHeartbeat last = workers.get(0);
        return Check.fail(title, "no worker running: the last one, " + last.id() + ", "
                + (last.stopped() ? "stopped" : "went silent") + " " + Durations.uptime(last.silentFor()) + " ago.", fix);
    }

    static Check backlog(List<ShardStatus> shards) {
        String title = "due backlog";
        long backlog = shards.stream().mapToLong(ShardStatus::dueBacklog).sum();
        Instant oldest = shards.stream().map(ShardStatus::oldestOverdue).filter(o -> o != null).min(Instant::compareTo).orElse(null);
        if (backlog == 0) {
            return Check.ok(title, "no session is past its deadline without its expired event.");
        }
        Instant now = shards.get(0).at();
        Duration overdue = Duration.between(oldest, now);
        String finding = WorkerReport.count(backlog) + " session" + (backlog == 1 ? " is" : "s are")
                + " past their deadline without an expired event, the oldest for " + Durations.uptime(overdue);
        if (overdue.compareTo(OVERDUE_FAIL) > 0) {
            return Check.fail(title, finding + ": no worker is keeping up.",
                    "Start a worker (or more: ./sessionkeeper worker), and check the running ones' logs.");
        }
        return Check.ok(title, finding + " (being drained).");
    }

    /**
     * Retention never trims an event a consumer group has not been delivered, up to the stream's hard bound;
     * past it, events are lost to the group. Fails once that happened, warns when a group's lag nears it.
     */
    public static Check eventRetention(List<ShardStatus> shards) {
        String title = "event retention";
        List<String> lost = new ArrayList<>();
        List<String> near = new ArrayList<>();
        for (ShardStatus s : shards) {
            for (GroupStatus g : s.groups()) {
                String where = "group '" + g.name() + "' on shard " + s.shard();
                if (g.lost() > 0) {
                    lost.add(where + " lost " + WorkerReport.count(g.lost()));
                } else if (g.nearRetention()) {
                    near.add(where + " is " + WorkerReport.count(g.lag()) + " behind (retention "
                            + WorkerReport.count(g.retention()) + ")");
                }
            }
        }
        String fix = "Start or fix the group's consumers (see events tail and the application's logs); raise"
                + " eventsMaxLength if the group must survive longer outages.";
        if (!lost.isEmpty()) {
            return Check.fail(title, "events were trimmed before a consumer group was delivered them: "
                    + String.join("; ", lost) + ".", fix);
        }
        if (!near.isEmpty()) {
            return Check.warn(title, "a consumer group's lag nears the stream's retention, after which its events are"
                    + " trimmed unread: " + String.join("; ", near) + ".", fix);
        }
        return Check.ok(title, "every consumer group is well within retention (no event is trimmed before a group"
                + " is delivered it).");
    }

    static Check lateness(List<WorkerHeartbeat> workers) {
        String title = "expiry lateness";
        List<WorkerHeartbeat> live = workers.stream().filter(WorkerHeartbeat::isLive).toList();
        if (live.isEmpty()) {
            return Check.warn(title, "no running worker reports it.", "Start a worker.");
        }
        long p99 = live.stream().mapToLong(WorkerHeartbeat::latenessP99Millis).max().orElse(0);
        String finding = "p99 " + p99 + " ms from deadline to expired event (target: about 50 ms)";
        if (p99 > LATENESS_FAIL_MS) {
            return Check.fail(title, finding + ".", "Workers are overloaded or Redis is slow: add workers "
                    + "(--only-shards to split), raise --batch-size, check SLOWLOG and the network.");
        }
        if (p99 > LATENESS_WARN_MS) {
            return Check.warn(title, finding + ".", "Check worker load and Redis latency (SLOWLOG, LATENCY DOCTOR).");
        }
        return Check.ok(title, finding + ".");
    }

    private static int[] numbers(String version) {
        String[] parts = version.split("\\.");
        int[] v = new int[3];
        for (int i = 0; i < Math.min(3, parts.length); i++) {
            try {
                v[i] = Integer.parseInt(parts[i].replaceAll("\\D.*", ""));
            } catch (NumberFormatException e) {
                v[i] = 0;
            }
        }
        return v;
    }
}
