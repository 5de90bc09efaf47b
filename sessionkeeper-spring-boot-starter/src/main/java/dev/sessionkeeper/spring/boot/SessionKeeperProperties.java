package dev.sessionkeeper.spring.boot;

import dev.sessionkeeper.LimitPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code sessionkeeper.*} settings. Redis comes from Boot's own {@code spring.data.redis.*}
 * unless {@code sessionkeeper.redis.url} is set; the idle timeout from
 * {@code spring.session.timeout}, else {@code server.servlet.session.timeout}, unless
 * {@code sessionkeeper.idle-timeout} is set.
 */
@ConfigurationProperties(prefix = "sessionkeeper")
public class SessionKeeperProperties {

    /** Whether sessionkeeper provides the application's session repository. */
    private boolean enabled = true;

    /** The prefix of every key the store writes. */
    private String namespace = "sk";

    /**
     * How many shards sessions are spread over (1-1000). Every instance of a namespace must use
     * the same number.
     */
    private int shards = 16;

    /**
     * Idle timeout of a session. Unset: spring.session.timeout, else
     * server.servlet.session.timeout, else 30 minutes.
     */
    private Duration idleTimeout;

    /** Absolute timeout: a session ends this long after it was created, however active. 0 for none. */
    private Duration absoluteTimeout = Duration.ofHours(12);

    /** At most this many live sessions per principal (0: no limit). */
    private int maxSessionsPerPrincipal;

    /** What a sign-in beyond max-sessions-per-principal does: evict the least recently used session, or refuse. */
    private LimitPolicy limitPolicy = LimitPolicy.EVICT_LEAST_RECENTLY_USED;

    /** Attributes whose last values the terminal events (expired, destroyed) carry. */
    private List<String> snapshotAttributes = new ArrayList<>();

    private final Redis redis = new Redis();

    private final Worker worker = new Worker();

    private final Events events = new Events();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public int getShards() {
        return shards;
    }

    public void setShards(int shards) {
        this.shards = shards;
    }

    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public Duration getAbsoluteTimeout() {
        return absoluteTimeout;
    }

    public void setAbsoluteTimeout(Duration absoluteTimeout) {
        this.absoluteTimeout = absoluteTimeout;
    }

    public int getMaxSessionsPerPrincipal() {
        return maxSessionsPerPrincipal;
    }

    public void setMaxSessionsPerPrincipal(int maxSessionsPerPrincipal) {
        this.maxSessionsPerPrincipal = maxSessionsPerPrincipal;
    }

    public LimitPolicy getLimitPolicy() {
        return limitPolicy;
    }

    public void setLimitPolicy(LimitPolicy limitPolicy) {
        this.limitPolicy = limitPolicy;
    }

    public List<String> getSnapshotAttributes() {
        return snapshotAttributes;
    }

    public void setSnapshotAttributes(List<String> snapshotAttributes) {
        this.snapshotAttributes = snapshotAttributes;
    }

    public Redis getRedis() {
        return redis;
    }

    public Worker getWorker() {
        return worker;
    }

    public Events getEvents() {
        return events;
    }

    /** Where Redis is, when not from spring.data.redis.*. */
    public static class Redis {

        /**
         * Redis URL: redis://[user:password@]host:port, rediss:// for TLS,
         * redis-cluster://host:port,host:port, or redis-sentinel://host:port,host:port#master.
         * Unset: from spring.data.redis.*.
         */
        private String url;

        /** Bound on every Redis call. */
        private Duration commandTimeout = Duration.ofSeconds(2);

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public Duration getCommandTimeout() {
            return commandTimeout;
        }

        public void setCommandTimeout(Duration commandTimeout) {
            this.commandTimeout = commandTimeout;
        }
    }

    /** The in-process expiry worker. */
    public static class Worker {

        /**
         * Whether this application runs an expiry worker. On by default; turn it off for
         * applications whose Redis is served by the sessionkeeper worker daemon.
         */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** Spring ApplicationEvents from the durable event log. */
    public static class Events {

        /** Whether session events are published as Spring ApplicationEvents. */
        private boolean enabled = true;

        /**
         * The consumer group: each event goes to one instance of the group. Unset:
         * spring.application.name, else "application".
         */
        private String group;

        /**
         * GROUP: each event to one instance of the application. BROADCAST: every instance
         * hears every event (e.g. to close the websockets it holds); events written while an
         * instance is down are not delivered to it.
         */
        private Mode mode = Mode.GROUP;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getGroup() {
            return group;
        }

        public void setGroup(String group) {
            this.group = group;
        }

        public Mode getMode() {
            return mode;
        }

        public void setMode(Mode mode) {
            this.mode = mode;
        }
    }

    /** How events reach the application's instances. */
    public enum Mode {
        GROUP,
        BROADCAST
    }
}
