package dev.sessionkeeper.spring.session;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.session.ReactiveFindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME;

/** The reactive repository: the servlet repository's rules, through Mono. */
abstract class ReactiveContract extends RepositoryFixture {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void createSaveFindDelete() {
        ReactiveSessionKeeperSessionRepository repo = new ReactiveSessionKeeperSessionRepository(repository());
        SessionKeeperSession s = repo.createSession().block(WAIT);
        s.setAttribute("theme", "dark");
        repo.save(s).block(WAIT);
        assertThat(repo.findById(s.getId()).block(WAIT).<String>getAttribute("theme")).isEqualTo("dark");
        repo.deleteById(s.getId()).block(WAIT);
        assertThat(repo.findById(s.getId()).blockOptional(WAIT)).isEmpty();
        repo.deleteById(s.getId()).block(WAIT);
    }

    @Test
    void nothingHappensUntilSubscribed() {
        ReactiveSessionKeeperSessionRepository repo = new ReactiveSessionKeeperSessionRepository(repository());
        SessionKeeperSession s = repo.createSession().block(WAIT);
        var save = repo.save(s);
        assertThat(repo.blocking().store().count()).isZero();
        save.block(WAIT);
        assertThat(repo.blocking().store().count()).isEqualTo(1);
    }

    @Test
    void findByPrincipalNameWithThePlainIndexName() {
        ReactiveSessionKeeperSessionRepository repo = new ReactiveSessionKeeperSessionRepository(repository());
        SessionKeeperSession s = repo.createSession().block(WAIT);
        s.setAttribute("SPRING_SECURITY_CONTEXT", RepositoryContract.signedIn("alice"));
        repo.save(s).block(WAIT);
        assertThat(repo.findByPrincipalName("alice").block(WAIT)).containsOnlyKeys(s.getId());
        assertThat(repo.findByIndexNameAndIndexValue(PRINCIPAL_NAME_INDEX_NAME, "alice").block(WAIT)).hasSize(1);

        SessionKeeperSession named = repo.createSession().block(WAIT);
        named.setAttribute(PRINCIPAL_NAME_INDEX_NAME, "bob");
        repo.save(named).block(WAIT);
        assertThat(repo.findByPrincipalName("bob").block(WAIT)).containsOnlyKeys(named.getId());
        assertThat(repo.blocking().findByPrincipalName("bob")).containsOnlyKeys(named.getId());
    }

    /**
     * Spring Session's WebFlux store calls changeSessionId() on the request's thread, often a
     * Netty event loop: it makes no Redis call there, and the save that follows, on the
     * scheduler, rotates (old id dead, attributes kept).
     */
    @Test
    void changeSessionIdRotatesInTheFollowingSaveOnTheScheduler() {
        ReactiveSessionKeeperSessionRepository repo = new ReactiveSessionKeeperSessionRepository(repository());
        SessionKeeperSession s = repo.createSession().block(WAIT);
        s.setAttribute("cart", "fig");
        repo.save(s).block(WAIT);
        String old = s.getId();
        SessionKeeperSession loaded = repo.findById(old).block(WAIT);

        long before = calls.scriptCalls();
        assertThat(loaded.changeSessionId()).isEqualTo(old);
        assertThat(calls.scriptCalls()).as("no Redis call on the caller's thread").isEqualTo(before);
        AtomicReference<String> thread = new AtomicReference<>();
        repo.save(loaded).doOnSuccess(v -> thread.set(Thread.currentThread().getName())).block(WAIT);

        assertThat(calls.scriptCalls() - before).as("the rotation: old id out, new id in").isEqualTo(2);
        assertThat(thread.get()).startsWith("boundedElastic");
        assertThat(loaded.getId()).isNotEqualTo(old);
        assertThat(repo.findById(old).blockOptional(WAIT)).isEmpty();
        assertThat(repo.findById(loaded.getId()).block(WAIT).<String>getAttribute("cart")).isEqualTo("fig");
        repo.save(loaded).block(WAIT);
        assertThat(repo.blocking().store().count()).isEqualTo(1);
    }

    @Test
    void aSaveAfterDeleteFailsTheMono() {
        ReactiveSessionKeeperSessionRepository repo = new ReactiveSessionKeeperSessionRepository(repository());
        SessionKeeperSession s = repo.createSession().block(WAIT);
        repo.save(s).block(WAIT);
        SessionKeeperSession late = repo.findById(s.getId()).block(WAIT);
        repo.deleteById(s.getId()).block(WAIT);
        late.setAttribute("x", "y");
        AtomicReference<Throwable> error = new AtomicReference<>();
        assertThatThrownBy(() -> repo.save(late).doOnError(error::set).block(WAIT))
                .isInstanceOf(IllegalStateException.class);
        assertThat(error.get()).hasMessage("Session was invalidated");
        assertThat(repo.blocking().store().count()).isZero();
    }
}
