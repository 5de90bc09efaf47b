package dev.sessionkeeper.bench;

import io.lettuce.core.RedisURI;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.FlushMode;
import org.springframework.session.SaveMode;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;
import org.springframework.session.data.redis.RedisIndexedSessionRepository.RedisSession;
import org.springframework.session.events.SessionExpiredEvent;

/**
 * Spring Session Data Redis 4.1 as a {@link BenchSystem}, wired the way
 * {@code @EnableRedisIndexedHttpSession} (RedisIndexedHttpSessionConfiguration) wires it, without
 * a Spring context:
 * <ul>
 *   <li>a {@link LettuceConnectionFactory} and a {@code RedisTemplate<String, Object>} with string
 *       keys and hash keys and the default (JDK serialization) values;</li>
 *   <li>{@link RedisIndexedSessionRepository} with save mode {@code ON_SET_ATTRIBUTE}, flush mode
 *       {@code ON_SAVE}, the default key namespace ({@code spring:session}) and its own cleanup
 *       task, which {@code afterPropertiesSet()} schedules every minute ({@code 0 * * * * *});</li>
 *   <li>a {@link RedisMessageListenerContainer} that feeds the repository the keyspace events
 *       {@code __keyevent@0__:expired} and {@code :del} and the created channel, as the
 *       configuration's {@code redisMessageListenerContainer} bean does;</li>
 *   <li>{@code CONFIG SET notify-keyspace-events Egx}, as its {@code ConfigureNotifyKeyspaceEventsAction}
 *       does at start-up (restored on close, so that later benchmarks of other systems do not
 *       pay for keyspace events).</li>
 * </ul>
 * A request is what {@code SessionRepositoryFilter} does: {@code findById}, set the last access
 * time, the application's reads and writes, {@code save}. Every command its client sends is
 * counted by a Lettuce {@link CommandListener} on the factory's client.
 */
final class SpringSessionSystem implements BenchSystem.Web, SpringPathSystem {

    /** The namespace Spring Session uses when none is configured (its keys start with it). */
    static final String NAMESPACE = RedisIndexedSessionRepository.DEFAULT_NAMESPACE;

    static final Factory FACTORY = new Factory() {
        @Override
        public String name() {
            return "spring-session";
        }

        @Override
        public Set<String> workloads() {
            return Set.of("web", "expiry", "network", "spring");
        }

        @Override
        public Duration expiryWaitBound() {
            // Events come when Redis expires the ":expires:" key, at the latest when the cleanup
            // task touches it at the next whole minute.
            return Duration.ofSeconds(75);
        }

        @Override
        public BenchSystem open(String redisUrl, String namespace, Options options) {
            // The namespace is ignored: Spring Session runs with its default one, as most deployments do.
            return new SpringSessionSystem(redisUrl);
        }
    };

    private final LettuceConnectionFactory connections;
    private final RedisTemplate<String, Object> template;
    private final RedisIndexedSessionRepository repository;
    private final RedisMessageListenerContainer container;
    private final LongAdder commands = new LongAdder();
    private final PassiveExpiry expiry = new PassiveExpiry();
    private final String previousNotifyConfig;

    private SpringSessionSystem(String redisUrl) {
        RedisURI uri = RedisURI.create(redisUrl);
        RedisStandaloneConfiguration standalone = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
        standalone.setDatabase(uri.getDatabase());
        if (uri.getPassword() != null) {
            standalone.setPassword(uri.getPassword());
        }
        connections = new LettuceConnectionFactory(standalone);
        connections.afterPropertiesSet();
        connections.start();
        // Before the first connection is made: Lettuce attaches listeners as it connects.
        connections.getRequiredNativeClient().addListener(new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                commands.increment();
            }
        });

        try (RedisConnection c = connections.getConnection()) {
            Properties p = c.serverCommands().getConfig("notify-keyspace-events");
            previousNotifyConfig = p == null ? "" : p.getProperty("notify-keyspace-events", "");
            c.serverCommands().setConfig("notify-keyspace-events", "Egx");
        }

        template = new RedisTemplate<>();
        template.setKeySerializer(RedisSerializer.string());
        template.setHashKeySerializer(RedisSerializer.string());
        template.setConnectionFactory(connections);
        template.setBeanClassLoader(SpringSessionSystem.class.getClassLoader());
        template.afterPropertiesSet();

        repository = new RedisIndexedSessionRepository(template);
        repository.setDefaultMaxInactiveInterval(Duration.ofMinutes(30));
        repository.setSaveMode(SaveMode.ON_SET_ATTRIBUTE);
        repository.setFlushMode(FlushMode.ON_SAVE);
        repository.setApplicationEventPublisher(new ApplicationEventPublisher() {
            @Override
            public void publishEvent(ApplicationEvent event) {
                onEvent(event);
            }

            @Override
            public void publishEvent(Object event) {
                if (event instanceof ApplicationEvent e) {
                    onEvent(e);
                }
            }
        });
        repository.afterPropertiesSet();

        container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        container.addMessageListener(repository, List.of(
                new ChannelTopic(repository.getSessionDeletedChannel()),
                new ChannelTopic(repository.getSessionExpiredChannel())));
        container.addMessageListener(repository, List.of(new PatternTopic(repository.getSessionCreatedChannelPrefix() + "*")));
        container.afterPropertiesSet();
        container.start();
    }

    private void onEvent(ApplicationEvent event) {
        long received = BenchClock.nowMicros();
        if (event instanceof SessionExpiredEvent expired) {
            org.springframework.session.Session s = expired.getSession();
            long deadline = s == null ? -1
                    : s.getLastAccessedTime().plus(s.getMaxInactiveInterval()).toEpochMilli();
            expiry.report(expired.getSessionId(), deadline, received);
        }
    }

    @Override
    public String createSignedIn(String principal, Duration idleTimeout) {
        RedisSession s = repository.createSession();
        s.setMaxInactiveInterval(idleTimeout);
        // Spring Security stores the principal's name under this attribute; the index follows it.
        s.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, principal);
        WorkloadSession.attributes().forEach(s::setAttribute);
        repository.save(s);
        return s.getId();
    }

    @Override
    public boolean webRequest(String id, boolean change) {
        RedisSession s = repository.findById(id);
        if (s == null) {
            return false;
        }
        // SessionRepositoryFilter touches every session it hands out.
        s.setLastAccessedTime(Instant.now());
        if (s.getAttribute(WorkloadSession.THEME) == null || s.getAttribute(WorkloadSession.CART) == null) {
            throw new IllegalStateException("a workload attribute is missing");
        }
        if (change) {
            s.setAttribute(WorkloadSession.LAST_PAGE, "/page/" + ThreadLocalRandom.current().nextInt(100));
        }
        repository.save(s);
        return true;
    }

    @Override
    public int sessionsOf(String principal) {
        return repository.findByPrincipalName(principal).size();
    }

    @Override
    public long clientCommands() {
        return commands.sum();
    }

    private static String indexKeyPattern() {
        return NAMESPACE + ":index:" + FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME + ":*";
    }

    @Override
    public long deadIndexEntries(RedisProbe redis) {
        long dead = 0;
        for (String key : redis.keys(indexKeyPattern())) {
            // Members are JDK-serialized strings: read them through the template.
            Set<Object> members = template.opsForSet().members(key);
            if (members == null) {
                continue;
            }
            for (Object id : members) {
                // findById returns null for a session past its deadline, without deleting it.
                if (repository.findById(String.valueOf(id)) == null) {
                    dead++;
                }
            }
        }
        return dead;
    }

    @Override
    public Expirer startExpirer(int batchSize) {
        // The repository's own cleanup task runs from construction on, every minute.
        return expiry;
    }

    @Override
    public RedisIndexedSessionRepository springRepository() {
        return repository;
    }

    @Override
    public AutoCloseable subscribeSpringExpired(String group, ExpiredHandler h) {
        // Its SessionExpiredEvents are the ones subscribeExpired routes already.
        return expiry.subscribe(h);
    }

    @Override
    public AutoCloseable subscribeExpired(String group, ExpiredHandler h) {
        // The keyspace listener runs from construction on; this only routes its events.
        return expiry.subscribe(h);
    }

    @Override
    public long indexEntries(RedisProbe redis) {
        // Spring Session's index of deadlines: one set per minute of the sessions due in it.
        long n = 0;
        for (String key : redis.keys(NAMESPACE + ":expirations:*")) {
            n += redis.setMembers(key).size();
        }
        return n;
    }

    @Override
    public long sessionKeys(RedisProbe redis) {
        return redis.countKeys(NAMESPACE + ":sessions:*") - redis.countKeys(NAMESPACE + ":sessions:expires:*");
    }

    @Override
    public void dropKeys(RedisProbe redis) {
        redis.deleteKeys(NAMESPACE + ":*");
    }

    @Override
    public void close() {
        container.stop();
        try {
            container.destroy();
        } catch (Exception e) {
            // Closing anyway.
        }
        repository.destroy();
        try (RedisConnection c = connections.getConnection()) {
            c.serverCommands().setConfig("notify-keyspace-events", previousNotifyConfig);
        }
        connections.destroy();
    }
}
