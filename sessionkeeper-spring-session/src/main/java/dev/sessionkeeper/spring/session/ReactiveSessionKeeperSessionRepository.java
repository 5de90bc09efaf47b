package dev.sessionkeeper.spring.session;

import org.springframework.session.ReactiveFindByIndexNameSessionRepository;
import org.springframework.session.ReactiveSessionRepository;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.util.Map;
import java.util.Objects;

/**
 * Spring Session's reactive repositories for WebFlux, on the same store and with the same
 * semantics as {@link SessionKeeperSessionRepository}, which does the work: each method is the
 * same one store operation, run on a scheduler for blocking work (default
 * {@link Schedulers#boundedElastic()}) because the store's calls wait for Redis's reply. The
 * one Spring Session call that is not a repository method, {@code Session.changeSessionId()},
 * is made on the request's thread; for sessions of this repository it only marks the session,
 * and the rotation runs in the save that follows it, on the same scheduler.
 *
 * <p>The principal index name is the plain {@link #PRINCIPAL_NAME_INDEX_NAME}, as for the
 * servlet repository.
 */
public final class ReactiveSessionKeeperSessionRepository implements ReactiveSessionRepository<SessionKeeperSession>,
        ReactiveFindByIndexNameSessionRepository<SessionKeeperSession> {

    private final SessionKeeperSessionRepository delegate;
    private final Scheduler scheduler;

    /**
     * A reactive repository whose store calls run on {@link Schedulers#boundedElastic()}.
     *
     * @param delegate the servlet repository that does the work, not {@code null}
     */
    public ReactiveSessionKeeperSessionRepository(SessionKeeperSessionRepository delegate) {
        this(delegate, Schedulers.boundedElastic());
    }

    /**
     * A reactive repository whose store calls run on the given scheduler; each subscription to
     * a returned {@code Mono} makes the store call once.
     *
     * @param delegate the servlet repository that does the work, not {@code null}
     * @param scheduler where the blocking store calls run, not {@code null}; never an event loop
     */
    public ReactiveSessionKeeperSessionRepository(SessionKeeperSessionRepository delegate, Scheduler scheduler) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /**
     * The servlet repository underneath, whose methods block.
     *
     * @return the delegate given to the constructor
     */
    public SessionKeeperSessionRepository blocking() {
        return delegate;
    }

    /**
     * A new session, not yet in Redis (no call, so no scheduler hop). Its
     * {@code changeSessionId()}, once it is saved, rotates in the next save, on the scheduler
     * (see {@link SessionKeeperSession#changeSessionId}).
     */
    @Override
    public Mono<SessionKeeperSession> createSession() {
        return Mono.fromSupplier(() -> delegate.createSession().rotatingAtSave());
    }

    @Override
    public Mono<Void> save(SessionKeeperSession session) {
        return Mono.<Void>fromRunnable(() -> delegate.save(session)).subscribeOn(scheduler);
    }

    @Override
    public Mono<SessionKeeperSession> findById(String id) {
        return Mono.fromCallable(() -> {
            SessionKeeperSession found = delegate.findById(id);
            return found == null ? null : found.rotatingAtSave();
        }).subscribeOn(scheduler);
    }

    @Override
    public Mono<Void> deleteById(String id) {
        return Mono.<Void>fromRunnable(() -> delegate.deleteById(id)).subscribeOn(scheduler);
    }

    @Override
    public Mono<Map<String, SessionKeeperSession>> findByIndexNameAndIndexValue(String indexName, String indexValue) {
        return Mono.fromCallable(() -> delegate.findByIndexNameAndIndexValue(indexName, indexValue))
                .subscribeOn(scheduler);
    }
}
