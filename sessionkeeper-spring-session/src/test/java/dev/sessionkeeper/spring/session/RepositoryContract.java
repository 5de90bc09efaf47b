package dev.sessionkeeper.spring.session;

import dev.sessionkeeper.AttributeTooLargeException;
import dev.sessionkeeper.events.SessionEvent;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.session.FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME;

/**
 * What Spring Session's own repository integration tests assert for its Redis and JDBC
 * repositories, on our repository, against one Redis topology (subclasses bind standalone
 * Redis and Redis Cluster).
 */
abstract class RepositoryContract extends RepositoryFixture {

    static SecurityContext signedIn(String name) {
        User user = new User(name, "", List.of(new SimpleGrantedAuthority("ROLE_USER")));
        return new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(user, null,
                user.getAuthorities()));
    }

    // ---- create, find, save, delete

    @Test
    void savedSessionIsFoundWithItsAttributes() {
        SessionKeeperSessionRepository repo = repository();
        SessionKeeperSession s = repo.createSession();
        s.setAttribute("theme", "dark");
        s.setAttribute("cart", List.of("apple", "pear"));
        repo.save(s);

        SessionKeeperSession found = repo.findById(s.getId());
        assertThat(found).isNotNull();
        assertThat(found.<String>getAttribute("theme")).isEqualTo("dark");
        assertThat(found.<List<String>>getAttribute("cart")).containsExactly("apple", "pear");
        assertThat(found.getAttributeNames()).containsExactlyInAnyOrder("theme", "cart");
        assertThat(found.getCreationTime()).isEqualTo(s.getCreationTime());
        assertThat(found.getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(30));
        assertThat(found.isExpired()).isFalse();
    }

    @Test
    void removedAttributeIsGoneAfterSave() {
        SessionKeeperSessionRepository repo = repository();
        SessionKeeperSession s = repo.createSession();
        s.setAttribute("a", "1");
        s.setAttribute("b", "2");
        repo.save(s);
        SessionKeeperSession loaded = repo.findById(s.getId());
        loaded.removeAttribute("a");
        loaded.setAttribute("b", null);
        repo.save(loaded);
        assertThat(repo.findById(s.getId()).getAttributeNames()).isEmpty();
    }

    @Test
    void deletedSessionIsNotFound() {
        SessionKeeperSessionRepository repo = repository();
        SessionKeeperSession s = repo.createSession();
        repo.save(s);
        repo.deleteById(s.getId());
        assertThat(repo.findById(s.getId())).isNull();
    }

    @Test
    void deletingAnUnknownIdDoesNothing() {
        SessionKeeperSessionRepository repo = repository();
        SessionKeeperSession other = repo.createSession();
        repo.save(other);
        repo.deleteById("not-a-session-id");
        repo.deleteById(repo.createSession().getId());
        repo.deleteById(null);
        assertThat(repo.findById(other.getId())).isNotNull();
        assertThat(repo.store().count()).isEqualTo(1);
    }

    @Test
    void malformedOrUnknownIdsAreNotFound() {
        SessionKeeperSessionRepository repo = repository();
        assertThat(repo.findById("")).isNull();
        assertThat(repo.findById("../../etc/passwd")).isNull();
        assertThat(repo.findById(null)).isNull();
        assertThat(repo.findById(repo.createSession().getId())).isNull();
    }

    @Test
    void unsavedSessionCostsRedisNothing() {
        SessionKeeperSessionRepository repo = repository();
        long before = calls.scriptCalls();
        SessionKeeperSession s = repo.createSession();
        s.setAttribute("a", "b");
        assertThat(calls.scriptCalls()).isEqualTo(before);
        assertThat(repo.store().count()).isZero();
    }

    // ---- concurrent saves

    @Test
    void concurrentSavesOfDifferentAttributesMerge() {
        SessionKeeperSessionRepository repo = repository();
        SessionKeeperSession s = repo.createSession();
        s.setAttribute("shared", "0");
        repo.save(s);

        SessionKeeperSession first = repo.findById(s.getId());
        SessionKeeperSession second = repo.findById(s.getId());
        first.setAttribute("a", "from first");
        second.setAttribute("b", "from second");
        repo.save(first);
        repo.save(second);

        SessionKeeperSession merged = repo.findById(s.getId());
        assertThat(merged.<String>getAttribute("a")).isEqualTo("from first");
        assertThat(merged.<String>getAttribute("b")).isEqualTo("from second");
        assertThat(merged.<String>getAttribute("shared")).isEqualTo("0");
    }

    @Test
    void manyThreadsSavingTheirOwnAttributesLoseNothing() throws Exception {
        SessionKeeperSessionRepository repo = repository();
        SessionKeeperSession s = repo.createSession();
        repo.save(s);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int n = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 10; i++) {
                        SessionKeeperSession mine = repo.findById(s.getId());
                        mine.setAttribute("t" + n, i);
                        repo.save(mine);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        SessionKeeperSession merged = repo.findById(s.getId());
        for (int t = 0; t < threads; t++) {
            assertThat(merged.<Integer>getAttribute("t" + t)).isEqualTo(9);
        }
    }

    // ---- no resurrection

    @Test
    void saveAfterDeleteWritesNothingAndFails() {
        SessionKeeperSessionRepository repo = repository();
        SessionKeeperSession s = repo.createSession();
        s.setAttribute("a", "1");
        repo.save(s);
        SessionKeeperSession late = repo.findById(s.getId());
        repo.deleteById(s.getId());

        late.setAttribute("b", "2");
        assertThatThrownBy(() -> repo.save(late)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Session was invalidated");
        assertThat(repo.findById(s.getId())).isNull();
        assertThat(repo.store().count()).isZero();
    }

    @Test
    void saveAfterExpiryWritesNothingAndFails() {
        SessionKeeperSessionRepository repo = repository();
        SessionKeeperSession s = repo.createSession();
        s.setMaxInactiveInterval(Duration.ofMillis(300));
        repo.save(s);
        SessionKeeperSession late = repo.findById(s.getId());
        sleep(600);

        late.setAttribute("b", "2");
        assertThatThrownBy(() -> repo.save(late)).isInstanceOf(IllegalStateException.class);
        assertThat(repo.findById(s.getId())).isNull();
        assertThat(repo.store().count()).isZero();
    }

    // ---- changeSessionId

    @Test
    void changeSessionIdKeepsAttributesAndKillsTheOldIdAtOnce() {
        SessionKeeperSessionRepository repo = repository();
        SessionKeeperSession s = repo.createSession();
        s.setAttribute("a", "1");
        repo.save(s);
        String oldId = s.getId();

        SessionKeeperSession loaded = repo.findById(oldId);
        loaded.setAttribute("b", "2");
        String newId = loaded.changeSessionId();
        assertThat(newId).isNotEqualTo(oldId).isEqualTo(loaded.getId());
        assertThat(repo.findById(oldId)).as("old id dead before the save").isNull();
        repo.save(loaded);

        SessionKeeperSession moved = repo.findById(newId);
        assertThat(moved.<String>getAttribute("a")).isEqualTo("1");
        assertThat(moved.<String>getAttribute("b")).isEqualTo("2");
        assertThat(moved.getCreationTime()).isEqualTo(s.getCreationTime());
        assertThat(repo.store().count()).isEqualTo(1);
    }

    @Test
    void changeSessionIdOfAnUnsavedSessionCostsNothingAndKeepsItsAttributes() {
        SessionKeeperSessionRepository repo = repository();
        SessionKeeperSession s = repo.createSession();
        s.setAttribute("a", "1");
        s.setMaxInactiveInterval(Duration.ofMinutes(5));
        String oldId = s.getId();
        long before = calls.scriptCalls();
        String newId = s.changeSessionId();
        assertThat(calls.scriptCalls()).isEqualTo(before);
        assertThat(newId).isNotEqualTo(oldId);
        repo.save(s);
        SessionKeeperSession found = repo.findById(newId);
        assertThat(found.<String>getAttribute("a")).isEqualTo("1");
        assertThat(found.getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(repo.findById(oldId)).isNull();
    }

    @Test
    void changeSessionIdTwiceInOneRequest() {
        SessionKeeperSessionRepository repo = repository();
        SessionKeeperSession s = repo.createSession();
        s.setAttribute("a", "1");
        repo.save(s);
        SessionKeeperSession loaded = repo.findById(s.getId());
        String first = loaded.changeSessionId();
        String second = loaded.changeSessionId();
        repo.save(loaded);
        assertThat(repo.findById(s.getId())).isNull();
        assertThat(repo.findById(first)).isNull();
        assertThat(repo.findById(second).<String>getAttribute("a")).isEqualTo("1");
    }

    @Test
    void twoConcurrentChangeSessionIdsLeaveTheOldIdDeadAndTheAttributesInOneSession() throws Exception {
        SessionKeeperSessionRepository repo = repository();
        SessionKeeperSession s = repo.createSession();
        s.setAttribute("a", "1");
        repo.save(s);
        SessionKeeperSession one = repo.findById(s.getId());
        SessionKeeperSession two = repo.findById(s.getId());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<String> ids = new CopyOnWriteArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<?> f1 = pool.submit(() -> {
                start.await();
                ids.add(one.changeSessionId());
                repo.save(one);
                return null;
            });
            Future<?> f2 = pool.submit(() -> {
                start.await();
                ids.add(two.changeSessionId());
                repo.save(two);
                return null;
            });
            start.countDown();
            f1.get();
            f2.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(repo.findById(s.getId())).isNull();
        assertThat(ids).hasSize(2).doesNotHaveDuplicates();
        long carrying = ids.stream().map(repo::findById)
                .filter(found -> found != null && "1".equals(found.getAttribute("a"))).count();
        assertThat(carrying).as("the session's attributes live on in exactly one id").isEqualTo(1);
    }

    // ---- the principal index

    @Test
    void principalFromTheIndexAttributeSignsInAndIsFound() {
        SessionKeeperSessionRepository repo = repository();
        SessionKeeperSession s = repo.createSession();
        s.setAttribute("theme", "dark");
        repo.save(s);
        String anonymousId = s.getId();

        SessionKeeperSession loaded = repo.findById(anonymousId);
        loaded.setAttribute(PRINCIPAL_NAME_INDEX_NAME, "alice");
        repo.save(loaded);

        assertThat(loaded.getId()).as("signing in moves the session to a fresh id").isNotEqualTo(anonymousId);
        assertThat(repo.findById(anonymousId)).isNull();
        Map<String, SessionKeeperSession> found = repo.findByPrincipalName("alice");
        assertThat(found).containsOnlyKeys(loaded.getId());
        assertThat(found.get(loaded.getId()).<String>getAttribute(PRINCIPAL_NAME_INDEX_NAME)).isEqualTo("alice");
        assertThat(repo.findById(loaded.getId()).<String>getAttribute("theme")).isEqualTo("dark");
        assertThat(repo.findByIndexNameAndIndexValue("other-index", "alice")).isEmpty();
    }

    @Test
    void principalFromTheSecurityContextSignsInAndIsFound() {
        SessionKeeperSessionRepository repo = repository();
        SessionKeeperSession s = repo.createSession();
        s.setAttribute("SPRING_SECURITY_CONTEXT", signedIn("bob"));
        repo.save(s);

        Map<String, SessionKeeperSession> found = repo.findByPrincipalName("bob");
        assertThat(found).containsOnlyKeys(s.getId());
        SecurityContext listed = found.get(s.getId()).getAttribute("SPRING_SECURITY_CONTEXT");
        assertThat(listed.getAuthentication().getName()).isEqualTo("bob");
        SecurityContext loaded = repo.findById(s.getId()).getAttribute("SPRING_SECURITY_CONTEXT");
        assertThat(loaded.getAuthentication().getAuthorities()).extracting(Object::toString).containsExactly("ROLE_USER");
        assertThat(loaded.getAuthentication().isAuthenticated()).isTrue();
    }

    @Test
    void findByPrincipalNameReturnsExactlyTheUsersLiveSessionsInOneCall() {
        SessionKeeperSessionRepository repo = repository();
        List<String> alices = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SessionKeeperSession s = repo.createSession();
            s.setAttribute(PRINCIPAL_NAME_INDEX_NAME, "alice");
            repo.save(s);
            alices.add(s.getId());
        }
        SessionKeeperSession carol = repo.createSession();
        carol.setAttribute(PRINCIPAL_NAME_INDEX_NAME, "carol");
        repo.save(carol);
        repo.deleteById(alices.remove(0));

        long before = calls.scriptCalls();
        Map<String, SessionKeeperSession> found = repo.findByPrincipalName("alice");
        assertThat(calls.scriptCalls() - before).isEqualTo(1);
        assertThat(found).containsOnlyKeys(alices);
        assertThat(repo.findByPrincipalName("nobody")).isEmpty();
    }

    @Test
    void indexFollowsAPrincipalChange() {
        SessionKeeperSessionRepository repo = repository();
        SessionKeeperSession s = repo.createSession();
        s.setAttribute("SPRING_SECURITY_CONTEXT", signedIn("alice"));
        s.setAttribute("theme", "dark");
        repo.save(s);
        String aliceId = s.getId();

        SessionKeeperSession loaded = repo.findById(aliceId);
        loaded.setAttribute("SPRING_SECURITY_CONTEXT", signedIn("bob"));
        repo.save(loaded);

        assertThat(repo.findByPrincipalName("alice")).isEmpty();
        assertThat(repo.findByPrincipalName("bob")).containsOnlyKeys(loaded.getId());
        assertThat(repo.findById(aliceId)).isNull();
        assertThat(repo.findById(loaded.getId()).<String>getAttribute("theme")).isEqualTo("dark");
    }

    @Test
    void removingThePrincipalTakesTheSessionOutOfTheIndexAndEndsTheSignedInId() {
        SessionKeeperSessionRepository repo = repository();
        SessionKeeperSession s = repo.createSession();
        s.setAttribute(PRINCIPAL_NAME_INDEX_NAME, "alice");
        s.setAttribute("theme", "dark");
        repo.save(s);
        String signedInId = s.getId();

        SessionKeeperSession loaded = repo.findById(signedInId);
        loaded.removeAttribute(PRINCIPAL_NAME_INDEX_NAME);
        repo.save(loaded);

        assertThat(repo.findByPrincipalName("alice")).isEmpty();
        assertThat(repo.findById(signedInId)).isNull();
        assertThat(loaded.getId()).isNotEqualTo(signedInId);
        assertThat(repo.findById(loaded.getId()).<String>getAttribute("theme")).isEqualTo("dark");
        assertThat(repo.store().count()).isEqualTo(1);
    }

    @Test
    void listingDoesNotSlideTheDeadline() {
        SessionKeeperSessionRepository repo = repository();
        SessionKeeperSession s = repo.createSession();
        s.setAttribute(PRINCIPAL_NAME_INDEX_NAME, "alice");
        s.setMaxInactiveInterval(Duration.ofMillis(800));
        repo.save(s);
        Instant deadline = repo.store().inspector().describe(s.getId()).orElseThrow().deadline();
        sleep(300);
        assertThat(repo.findByPrincipalName("alice")).hasSize(1);
        assertThat(repo.store().inspector().describe(s.getId()).orElseThrow().deadline()).isEqualTo(deadline);
    }

    @Test
    void aListedSessionCanBeMarkedAndSaved() {
        SessionKeeperSessionRepository repo = repository();
        SessionKeeperSession s = repo.createSession();
        s.setAttribute(PRINCIPAL_NAME_INDEX_NAME, "alice");
        s.setAttribute("theme", "dark");
        repo.save(s);
        SessionKeeperSession listed = repo.findByPrincipalName("alice").get(s.getId());
        listed.setAttribute("flag", true);
        repo.save(listed);
        SessionKeeperSession found = repo.findById(s.getId());
        assertThat(found.<Boolean>getAttribute("flag")).isTrue();
        assertThat(found.<String>getAttribute("theme")).isEqualTo("dark");
    }

    // ---- round trips

    @Test
    void aRequestThatChangesNothingIsOneCallAndOneThatChangesSomethingIsTwo() {
        SessionKeeperSessionRepository repo = repository();
        SessionKeeperSession s = repo.createSession();
        s.setAttribute("SPRING_SECURITY_CONTEXT", signedIn("alice"));
        s.setAttribute("cart", List.of("apple"));
        repo.save(s);

        long before = calls.scriptCalls();
        SessionKeeperSession read = repo.findById(s.getId());
        read.setLastAccessedTime(Instant.now());
        read.getAttribute("SPRING_SECURITY_CONTEXT");
        read.getAttribute("cart");
        repo.save(read);
        assertThat(calls.scriptCalls() - before).isEqualTo(1);

        before = calls.scriptCalls();
        SessionKeeperSession write = repo.findById(s.getId());
        write.setLastAccessedTime(Instant.now());
        write.getAttribute("SPRING_SECURITY_CONTEXT");
        write.setAttribute("lastPage", "/cart");
        repo.save(write);
        assertThat(calls.scriptCalls() - before).isEqualTo(2);
    }

    // ---- the clock and timeouts

    @Test
    void theApplicationsClockDoesNotMoveTheDeadline() {
        SessionKeeperSessionRepository repo = repository();
        SessionKeeperSession s = repo.createSession();
        s.setMaxInactiveInterval(Duration.ofMillis(800));
        repo.save(s);
        SessionKeeperSession loaded = repo.findById(s.getId());
        Instant deadline = repo.store().inspector().describe(s.getId()).orElseThrow().deadline();
        loaded.setLastAccessedTime(Instant.now().plus(Duration.ofDays(1)));
        repo.save(loaded);
        assertThat(repo.store().inspector().describe(s.getId()).orElseThrow().deadline()).isEqualTo(deadline);

        SessionKeeperSession again = repo.findById(s.getId());
        again.setLastAccessedTime(Instant.now().minus(Duration.ofDays(1)));
        again.setAttribute("a", "b");
        repo.save(again);
        var after = repo.store().inspector().describe(s.getId()).orElseThrow();
        assertThat(after.deadline()).isAfterOrEqualTo(deadline)
                .isBeforeOrEqualTo(after.readAt().plus(Duration.ofMillis(800)));
        assertThat(again.getLastAccessedTime()).isBeforeOrEqualTo(after.readAt());
    }

    @Test
    void maxInactiveIntervalIsThePerSessionIdleTimeout() {
        SessionKeeperSessionRepository repo = repository();
        SessionKeeperSession s = repo.createSession();
        s.setMaxInactiveInterval(Duration.ofMillis(400));
        repo.save(s);
        assertThat(repo.findById(s.getId()).getMaxInactiveInterval()).isEqualTo(Duration.ofMillis(400));
        sleep(700);
        assertThat(repo.findById(s.getId())).isNull();

        SessionKeeperSession longer = repo.createSession();
        repo.save(longer);
        SessionKeeperSession loaded = repo.findById(longer.getId());
        loaded.setMaxInactiveInterval(Duration.ofHours(2));
        repo.save(loaded);
        assertThat(repo.findById(longer.getId()).getMaxInactiveInterval()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void aNegativeIntervalNeverIdlesOutButTheAbsoluteTimeoutStillEndsTheSession() {
        SessionKeeperSessionRepository repo = repository(b -> b.idleTimeout(Duration.ofMillis(300))
                .absoluteTimeout(Duration.ofMillis(1500)));
        SessionKeeperSession s = repo.createSession();
        s.setMaxInactiveInterval(Duration.ofSeconds(-1));
        repo.save(s);
        sleep(600);
        SessionKeeperSession found = repo.findById(s.getId());
        assertThat(found).as("past the store's idle timeout").isNotNull();
        assertThat(found.getMaxInactiveInterval().isNegative()).isTrue();
        sleep(1200);
        assertThat(repo.findById(s.getId())).as("past the absolute timeout").isNull();
    }

    // ---- large attributes

    @Test
    void largeAttributesRoundTripAndOversizedOnesAreRefusedWhenSet() {
        SessionKeeperSessionRepository repo = repository();
        SessionKeeperSession s = repo.createSession();
        String large = "x".repeat(100_000);
        s.setAttribute("large", large);
        repo.save(s);
        assertThat(repo.findById(s.getId()).<String>getAttribute("large")).isEqualTo(large);

        SessionKeeperSession loaded = repo.findById(s.getId());
        assertThatThrownBy(() -> loaded.setAttribute("huge", "y".repeat(200_000)))
                .isInstanceOf(AttributeTooLargeException.class);
        repo.save(loaded);
        assertThat(repo.findById(s.getId()).getAttributeNames()).containsExactly("large");
    }

    // ---- events in the log

    @Test
    void theLogHasOneTerminalEventPerEndedId() throws Exception {
        SessionKeeperSessionRepository repo = repository();
        List<SessionEvent> events = new CopyOnWriteArrayList<>();
        try (var sub = repo.store().events().group("contract").subscribe(events::add)) {
            SessionKeeperSession s = repo.createSession();
            repo.save(s);
            String first = s.getId();
            SessionKeeperSession loaded = repo.findById(first);
            loaded.setAttribute(PRINCIPAL_NAME_INDEX_NAME, "alice");
            repo.save(loaded);
            repo.deleteById(loaded.getId());
            repo.deleteById(loaded.getId());

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (events.stream().filter(e -> e.type().isTerminal()).count() < 2 && System.nanoTime() < deadline) {
                sleep(50);
            }
            assertThat(events).filteredOn(e -> e.sessionId().equals(first)).extracting(SessionEvent::type)
                    .containsExactly(SessionEvent.Type.CREATED, SessionEvent.Type.ROTATED);
            assertThat(events).filteredOn(e -> e.sessionId().equals(loaded.getId()) && e.type().isTerminal())
                    .singleElement().satisfies(e -> {
                        assertThat(e.type()).isEqualTo(SessionEvent.Type.DESTROYED);
                        assertThat(e.reason()).isEqualTo("logout");
                        assertThat(e.principal()).isEqualTo("alice");
                    });
        }
    }
}
