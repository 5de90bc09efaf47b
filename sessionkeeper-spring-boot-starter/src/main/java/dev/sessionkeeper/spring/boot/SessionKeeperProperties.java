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

    /**
     * The value of {@code sessionkeeper.enabled}.
     *
     * @return whether sessionkeeper provides the session repository
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Sets {@code sessionkeeper.enabled}.
     *
     * @param enabled whether sessionkeeper provides the session repository
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * The value of {@code sessionkeeper.namespace}.
     *
     * @return the key prefix
     */
    public String getNamespace() {
        return namespace;
    }

    /**
     * Sets {@code sessionkeeper.namespace}; checked when the store is built.
     *
     * @param namespace the key prefix
     */
    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    /**
     * The value of {@code sessionkeeper.shards}.
     *
     * @return the shard count, 1 to 1000; the store refuses a count other than the one the namespace was first used with
     */
    public int getShards() {
        return shards;
    }

    /**
     * Sets {@code sessionkeeper.shards}; checked when the store is built.
     *
     * @param shards the shard count, 1 to 1000; the store refuses a count other than the one the namespace was first used with
     */
    public void setShards(int shards) {
        this.shards = shards;
    }

    /**
     * The value of {@code sessionkeeper.idle-timeout}.
     *
     * @return the idle timeout, {@code null} to take Boot's session timeout
     */
    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    /**
     * Sets {@code sessionkeeper.idle-timeout}; checked when the store is built.
     *
     * @param idleTimeout the idle timeout, {@code null} to take Boot's session timeout
     */
    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    /**
     * The value of {@code sessionkeeper.absolute-timeout}.
     *
     * @return the absolute timeout, {@link Duration#ZERO} for none
     */
    public Duration getAbsoluteTimeout() {
        return absoluteTimeout;
    }

    /**
     * Sets {@code sessionkeeper.absolute-timeout}; checked when the store is built.
     *
     * @param absoluteTimeout the absolute timeout, {@link Duration#ZERO} for none
     */
    public void setAbsoluteTimeout(Duration absoluteTimeout) {
        this.absoluteTimeout = absoluteTimeout;
    }

    /**
     * The value of {@code sessionkeeper.max-sessions-per-principal}.
     *
     * @return the limit of live sessions per principal, 0 for none
     */
    public int getMaxSessionsPerPrincipal() {
        return maxSessionsPerPrincipal;
    }

    /**
     * Sets {@code sessionkeeper.max-sessions-per-principal}; checked when the store is built.
     *
     * @param maxSessionsPerPrincipal the limit of live sessions per principal, 0 for none
     */
    public void setMaxSessionsPerPrincipal(int maxSessionsPerPrincipal) {
        this.maxSessionsPerPrincipal = maxSessionsPerPrincipal;
    }

    /**
     * The value of {@code sessionkeeper.limit-policy}.
     *
     * @return what a sign-in over the limit does
     */
    public LimitPolicy getLimitPolicy() {
        return limitPolicy;
    }

    /**
     * Sets {@code sessionkeeper.limit-policy}.
     *
     * @param limitPolicy what a sign-in over the limit does
     */
    public void setLimitPolicy(LimitPolicy limitPolicy) {
        this.limitPolicy = limitPolicy;
    }

    /**
     * The value of {@code sessionkeeper.snapshot-attributes}.
     *
     * @return the attribute names terminal events carry
     */
    public List<String> getSnapshotAttributes() {
        return snapshotAttributes;
    }

    /**
     * Sets {@code sessionkeeper.snapshot-attributes}.
     *
     * @param snapshotAttributes the attribute names terminal events carry
     */
    public void setSnapshotAttributes(List<String> snapshotAttributes) {
        this.snapshotAttributes = snapshotAttributes;
    }

    /**
     * The {@code sessionkeeper.redis.*} settings.
     *
     * @return the Redis settings, never {@code null}
     */
    public Redis getRedis() {
        return redis;
    }

    /**
     * The {@code sessionkeeper.worker.*} settings.
     *
     * @return the expiry worker settings, never {@code null}
     */
    public Worker getWorker() {
        return worker;
    }

    /**
     * The {@code sessionkeeper.events.*} settings.
     *
     * @return the event settings, never {@code null}
     */
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

        /**
         * The value of {@code sessionkeeper.redis.url}.
         *
         * @return the Redis URL, {@code null} to take {@code spring.data.redis.*}
         */
        public String getUrl() {
            return url;
        }

        /**
         * Sets {@code sessionkeeper.redis.url}; checked when the store is built.
         *
         * @param url the Redis URL, {@code null} to take {@code spring.data.redis.*}
         */
        public void setUrl(String url) {
            this.url = url;
        }

        /**
         * The value of {@code sessionkeeper.redis.command-timeout}.
         *
         * @return the bound on every Redis call
         */
        public Duration getCommandTimeout() {
            return commandTimeout;
        }

        /**
         * Sets {@code sessionkeeper.redis.command-timeout}; checked when the store is built.
         *
         * @param commandTimeout the bound on every Redis call
         */
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

        /**
         * The value of {@code sessionkeeper.worker.enabled}.
         *
         * @return whether this application runs an expiry worker
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets {@code sessionkeeper.worker.enabled}.
         *
         * @param enabled whether this application runs an expiry worker
         */
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

        /**
         * The value of {@code sessionkeeper.events.enabled}.
         *
         * @return whether session events are published as Spring events
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets {@code sessionkeeper.events.enabled}.
         *
         * @param enabled whether session events are published as Spring events
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * The value of {@code sessionkeeper.events.group}.
         *
         * @return the consumer group, {@code null} for the application's name
         */
        public String getGroup() {
            return group;
        }

        /**
         * Sets {@code sessionkeeper.events.group}; checked when the subscription starts.
         *
         * @param group the consumer group, {@code null} for the application's name
         */
        public void setGroup(String group) {
            this.group = group;
        }

        /**
         * The value of {@code sessionkeeper.events.mode}.
         *
         * @return how events reach the instances
         */
        public Mode getMode() {
            return mode;
        }

        /**
         * Sets {@code sessionkeeper.events.mode}.
         *
         * @param mode how events reach the instances
         */
        public void setMode(Mode mode) {
            this.mode = mode;
        }
    }

    /** How events reach the application's instances. */
    public enum Mode {
        /** Each event to one instance of the consumer group, at least once. */
        GROUP,
        /** Every event written while an instance runs to that instance, at most once. */
        BROADCAST
    }
}
