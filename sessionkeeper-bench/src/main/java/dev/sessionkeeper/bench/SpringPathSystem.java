package dev.sessionkeeper.bench;

import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * A system that takes part in {@link SpringFilterWorkload}: what a Spring application configures
 * and hears when it keeps sessions in it, so the workload can run Spring Session's own
 * {@code SessionRepositoryFilter} on it (sessionkeeper: {@code SessionKeeperSessionRepository}
 * with {@code SessionEventPublisher}; Spring Session Data Redis: {@code RedisIndexedSessionRepository}
 * and its keyspace listener).
 */
interface SpringPathSystem extends BenchSystem {

    /** The repository the filter runs on: one per instance, as an application has one. */
    SessionRepository<? extends Session> springRepository();

    /**
     * Calls the handler for each Spring {@code SessionExpiredEvent} the application would get,
     * the way it gets them (a consumer group named {@code group} where the system has one). The
     * workload measures lateness from the deadlines it set, so the handler's deadline and
     * written-at may be -1.
     */
    AutoCloseable subscribeSpringExpired(String group, ExpiredHandler handler);
}
