package dev.sessionkeeper.spring.session;

import dev.sessionkeeper.SessionStore;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationEvent;
import org.springframework.mock.web.MockServletContext;
import org.springframework.session.events.AbstractSessionEvent;
import org.springframework.session.events.SessionCreatedEvent;
import org.springframework.session.events.SessionDeletedEvent;
import org.springframework.session.events.SessionDestroyedEvent;
import org.springframework.session.events.SessionExpiredEvent;
import org.springframework.session.web.http.SessionEventHttpSessionListenerAdapter;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.session.FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME;

/**
 * Spring ApplicationEvents from the durable event log: each to exactly one instance of an
 * application, every one to each instance in broadcast mode, HttpSessionListeners told once.
 */
abstract class EventsContract extends RepositoryFixture {

    static void await(String what, BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            sleep(50);
        }
    }

    static <T> List<T> ofType(List<ApplicationEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static List<String> ids(List<? extends AbstractSessionEvent> events) {
        return events.stream().map(AbstractSessionEvent::getSessionId).toList();
    }

    @Test
    void eachExpiredSessionGivesExactlyOneSessionExpiredEventPerApplication() {
        SessionStore shopOne = store(b -> b.snapshotAttributes("cart"));
        SessionStore shopTwo = store(b -> b.snapshotAttributes("cart"));
        SessionStore audit = store(b -> b.snapshotAttributes("cart"));
        List<ApplicationEvent> shopOneEvents = new CopyOnWriteArrayList<>();
        List<ApplicationEvent> shopTwoEvents = new CopyOnWriteArrayList<>();
        List<ApplicationEvent> auditEvents = new CopyOnWriteArrayList<>();
        SessionEventPublisher.group(shopOne, "shop", e -> shopOneEvents.add((ApplicationEvent) e));
        SessionEventPublisher.group(shopTwo, "shop", e -> shopTwoEvents.add((ApplicationEvent) e));
        SessionEventPublisher.group(audit, "audit", e -> auditEvents.add((ApplicationEvent) e));
        shopOne.expiryWorker().start();
        shopTwo.expiryWorker().start();

        SessionKeeperSessionRepository repo = new SessionKeeperSessionRepository(shopOne);
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            SessionKeeperSession s = repo.createSession();
            s.setMaxInactiveInterval(Duration.ofMillis(300 + 10 * i));
            s.setAttribute("cart", List.of("item" + i));
            repo.save(s);
            created.add(s.getId());
        }
        await("expired events", () -> ofType(auditEvents, SessionExpiredEvent.class).size() >= 30
                && ofType(shopOneEvents, SessionExpiredEvent.class).size()
                + ofType(shopTwoEvents, SessionExpiredEvent.class).size() >= 30);
        sleep(500);

        List<String> shop = new java.util.ArrayList<>(ids(ofType(shopOneEvents, SessionExpiredEvent.class)));
        shop.addAll(ids(ofType(shopTwoEvents, SessionExpiredEvent.class)));
        assertThat(shop).as("one event per session for the application, over both instances")
                .hasSize(30).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
        assertThat(ids(ofType(auditEvents, SessionExpiredEvent.class))).hasSize(30)
                .containsExactlyInAnyOrderElementsOf(created);
        assertThat(ofType(auditEvents, SessionExpiredEvent.class)).allSatisfy(e ->
                assertThat(e.<org.springframework.session.Session>getSession().<List<String>>getAttribute("cart")).hasSize(1));
        assertThat(ofType(auditEvents, SessionCreatedEvent.class)).hasSize(30);
    }

    @Test
    void deletedCreatedAndSignedInSessionsGiveTheirEventsAndRotationsNone() {
        SessionStore store = store(b -> { });
        List<ApplicationEvent> events = new CopyOnWriteArrayList<>();
        SessionEventPublisher.group(store, "app", e -> events.add((ApplicationEvent) e));
        SessionKeeperSessionRepository repo = new SessionKeeperSessionRepository(store);

        SessionKeeperSession s = repo.createSession();
        repo.save(s);
        String anonymous = s.getId();
        SessionKeeperSession loaded = repo.findById(anonymous);
        loaded.setAttribute(PRINCIPAL_NAME_INDEX_NAME, "alice");
        repo.save(loaded);
        repo.deleteById(loaded.getId());

        await("deleted event", () -> !ofType(events, SessionDeletedEvent.class).isEmpty());
        sleep(300);
        assertThat(ids(ofType(events, SessionCreatedEvent.class))).containsExactlyInAnyOrder(anonymous, loaded.getId());
        SessionDeletedEvent deleted = ofType(events, SessionDeletedEvent.class).get(0);
        assertThat(deleted.getSessionId()).isEqualTo(loaded.getId());
        assertThat(deleted.<org.springframework.session.Session>getSession().<String>getAttribute(PRINCIPAL_NAME_INDEX_NAME))
                .isEqualTo("alice");
        assertThat(ofType(events, SessionDestroyedEvent.class)).as("the rotated id is not an ended session")
                .hasSize(1);
    }

    @Test
    void broadcastReachesEveryInstance() {
        SessionStore one = store(b -> { });
        SessionStore two = store(b -> { });
        List<ApplicationEvent> oneEvents = new CopyOnWriteArrayList<>();
        List<ApplicationEvent> twoEvents = new CopyOnWriteArrayList<>();
        SessionEventPublisher.broadcast(one, e -> oneEvents.add((ApplicationEvent) e));
        SessionEventPublisher.broadcast(two, e -> twoEvents.add((ApplicationEvent) e));
        sleep(300);
        SessionKeeperSessionRepository repo = new SessionKeeperSessionRepository(one);
        SessionKeeperSession s = repo.createSession();
        repo.save(s);
        repo.deleteById(s.getId());
        await("both instances", () -> !ofType(oneEvents, SessionDeletedEvent.class).isEmpty()
                && !ofType(twoEvents, SessionDeletedEvent.class).isEmpty());
        assertThat(ids(ofType(oneEvents, SessionDeletedEvent.class))).containsExactly(s.getId());
        assertThat(ids(ofType(twoEvents, SessionDeletedEvent.class))).containsExactly(s.getId());
    }

    @Test
    void httpSessionListenersHearOneSessionDestroyedPerEndedSession() {
        SessionStore store = store(b -> { });
        Map<String, AtomicInteger> destroyed = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> createdCount = new ConcurrentHashMap<>();
        HttpSessionListener listener = new HttpSessionListener() {
            @Override
            public void sessionCreated(HttpSessionEvent se) {
                createdCount.computeIfAbsent(se.getSession().getId(), k -> new AtomicInteger()).incrementAndGet();
            }

            @Override
            public void sessionDestroyed(HttpSessionEvent se) {
                destroyed.computeIfAbsent(se.getSession().getId(), k -> new AtomicInteger()).incrementAndGet();
            }
        };
        SessionEventHttpSessionListenerAdapter adapter = new SessionEventHttpSessionListenerAdapter(List.of(listener));
        adapter.setServletContext(new MockServletContext());
        SessionEventPublisher.group(store, "app", e -> adapter.onApplicationEvent((AbstractSessionEvent) e));
        store.expiryWorker().start();
        SessionKeeperSessionRepository repo = new SessionKeeperSessionRepository(store);

        SessionKeeperSession expiring = repo.createSession();
        expiring.setMaxInactiveInterval(Duration.ofMillis(300));
        repo.save(expiring);
        SessionKeeperSession deleted = repo.createSession();
        repo.save(deleted);
        SessionKeeperSession signingIn = repo.createSession();
        repo.save(signingIn);
        SessionKeeperSession loaded = repo.findById(signingIn.getId());
        loaded.setAttribute(PRINCIPAL_NAME_INDEX_NAME, "bob");
        repo.save(loaded);
        repo.deleteById(deleted.getId());

        await("two ended sessions", () -> destroyed.size() >= 2);
        sleep(500);
        assertThat(destroyed.keySet()).containsExactlyInAnyOrder(expiring.getId(), deleted.getId());
        assertThat(destroyed.values().stream().map(AtomicInteger::get).collect(Collectors.toSet())).containsExactly(1);
        assertThat(createdCount.values().stream().map(AtomicInteger::get).collect(Collectors.toSet())).containsExactly(1);
    }
}
