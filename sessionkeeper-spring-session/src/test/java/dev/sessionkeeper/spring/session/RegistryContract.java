package dev.sessionkeeper.spring.session;

import dev.sessionkeeper.LimitPolicy;
import dev.sessionkeeper.events.SessionEvent;
import dev.sessionkeeper.SessionStore;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.authentication.session.ConcurrentSessionControlAuthenticationStrategy;
import org.springframework.security.web.session.ConcurrentSessionFilter;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;
import org.springframework.session.web.http.SessionRepositoryFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Security's concurrent-session control over our repository: Spring Session's own
 * {@link SpringSessionBackedSessionRegistry} unchanged, and our {@link EvictingSessionRegistry}.
 */
abstract class RegistryContract extends RepositoryFixture {

    private static Authentication alice() {
        User user = new User("alice", "", AuthorityUtils.createAuthorityList("ROLE_USER"));
        return UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
    }

    /** Signs alice in on a new session; returns its id. */
    private static String signIn(SessionKeeperSessionRepository repo) {
        SessionKeeperSession s = repo.createSession();
        s.setAttribute("SPRING_SECURITY_CONTEXT", RepositoryContract.signedIn("alice"));
        repo.save(s);
        sleep(20);
        return s.getId();
    }

    /** A third sign-in with maximumSessions(2), as Spring Security's strategy runs it. */
    private static void thirdSignIn(SessionRegistry registry) {
        ConcurrentSessionControlAuthenticationStrategy strategy = new ConcurrentSessionControlAuthenticationStrategy(registry);
        strategy.setMaximumSessions(2);
        strategy.onAuthentication(alice(), new MockHttpServletRequest(), new MockHttpServletResponse());
    }

    /** A request with the session's cookie through SessionRepositoryFilter, then ConcurrentSessionFilter. */
    private static MockHttpServletResponse request(SessionKeeperSessionRepository repo, SessionRegistry registry,
                                                   String id) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
        request.setCookies(new Cookie("SESSION",
                Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.UTF_8))));
        MockHttpServletResponse response = new MockHttpServletResponse();
        HttpServlet page = new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
                req.getSession(false);
                res.getWriter().write("page");
            }
        };
        new MockFilterChain(page, new SessionRepositoryFilter<>(repo), new ConcurrentSessionFilter(registry))
                .doFilter(request, response);
        return response;
    }

    @Test
    void springSessionBackedRegistryExpiresTheOldestAndConcurrentSessionFilterLogsItOut() throws Exception {
        SessionKeeperSessionRepository repo = repository();
        String oldest = signIn(repo);
        String newer = signIn(repo);
        SpringSessionBackedSessionRegistry<SessionKeeperSession> registry = new SpringSessionBackedSessionRegistry<>(repo);
        assertThat(registry.getAllSessions(alice().getPrincipal(), false)).hasSize(2);

        thirdSignIn(registry);

        assertThat(registry.getAllSessions(alice().getPrincipal(), false)).extracting(i -> i.getSessionId())
                .containsExactly(newer);
        assertThat(registry.getAllSessions(alice().getPrincipal(), true)).hasSize(2);

        MockHttpServletResponse loggedOut = request(repo, registry, oldest);
        assertThat(loggedOut.getContentAsString()).contains("This session has been expired");
        assertThat(repo.findById(oldest)).isNull();
        assertThat(request(repo, registry, newer).getContentAsString()).isEqualTo("page");
    }

    @Test
    void listingForTheRegistrySlidesNoDeadline() {
        SessionKeeperSessionRepository repo = repository();
        String id = signIn(repo);
        Instant deadline = repo.store().inspector().describe(id).orElseThrow().deadline();
        sleep(50);
        new SpringSessionBackedSessionRegistry<>(repo).getAllSessions(alice().getPrincipal(), false);
        new EvictingSessionRegistry(repo.store()).getAllSessions(alice().getPrincipal(), false);
        assertThat(repo.store().inspector().describe(id).orElseThrow().deadline()).isEqualTo(deadline);
    }

    /**
     * getAllPrincipals: the names of those with a live session, over several of the inspector's
     * pages of 100, without the ones whose sessions all ended.
     */
    @Test
    void ourRegistryListsAllPrincipalsWithALiveSession() {
        SessionKeeperSessionRepository repo = repository();
        SessionStore store = repo.store();
        EvictingSessionRegistry registry = new EvictingSessionRegistry(store);
        assertThat(registry.getAllPrincipals()).isEmpty();
        List<Object> expected = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            store.login(store.newSession(), "user" + i);
            expected.add("user" + i);
        }
        store.login(store.newSession(), "left");
        store.logoutEverywhere("left");
        String signedIn = signIn(repo);
        assertThat(registry.getAllSessions(alice().getPrincipal(), false)).extracting(i -> i.getSessionId())
                .containsExactly(signedIn);
        expected.add(alice().getName());
        assertThat(registry.getAllPrincipals()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        registry.getAllSessions(alice().getPrincipal(), false).forEach(i -> i.expireNow());
        expected.remove(alice().getName());
        assertThat(registry.getAllPrincipals()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void ourRegistryDestroysTheVictimWithItsReason() throws Exception {
        SessionKeeperSessionRepository repo = repository();
        List<SessionEvent> events = new CopyOnWriteArrayList<>();
        repo.store().events().subscribe("registry", events::add);
        String oldest = signIn(repo);
        String newer = signIn(repo);
        EvictingSessionRegistry registry = new EvictingSessionRegistry(repo.store());

        thirdSignIn(registry);

        assertThat(repo.findById(oldest)).as("destroyed at once, not marked").isNull();
        assertThat(registry.getAllSessions(alice().getPrincipal(), true)).extracting(i -> i.getSessionId())
                .containsExactly(newer);
        EventsContract.await("destroyed event", () -> events.stream()
                .anyMatch(e -> e.sessionId().equals(oldest) && e.type().isTerminal()));
        assertThat(events).filteredOn(e -> e.sessionId().equals(oldest) && e.type().isTerminal()).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("evicted-by-limit"));

        long before = calls.scriptCalls();
        assertThat(request(repo, registry, newer).getContentAsString()).isEqualTo("page");
        assertThat(calls.scriptCalls() - before).as("the filter costs no extra call").isEqualTo(1);
    }

    @Test
    void maximumSessionsHoldsAcrossTwoInstances() {
        SessionKeeperSessionRepository one = repository();
        SessionKeeperSessionRepository two = repository();
        String first = signIn(one);
        String second = signIn(two);
        thirdSignIn(new SpringSessionBackedSessionRegistry<>(two));
        assertThat(new SpringSessionBackedSessionRegistry<>(one).getAllSessions(alice().getPrincipal(), false))
                .extracting(i -> i.getSessionId()).containsExactly(second);
        assertThat(one.findById(first).<Boolean>getAttribute(SessionKeeperSessionRepository.EXPIRED_ATTR)).isTrue();
    }

    @Test
    void theStoresOwnLimitHoldsAcrossTwoInstances() {
        SessionStore a = store(b -> b.maxSessionsPerPrincipal(2, LimitPolicy.EVICT_LEAST_RECENTLY_USED));
        SessionStore b = store(c -> c.maxSessionsPerPrincipal(2, LimitPolicy.EVICT_LEAST_RECENTLY_USED));
        SessionKeeperSessionRepository one = new SessionKeeperSessionRepository(a);
        SessionKeeperSessionRepository two = new SessionKeeperSessionRepository(b);
        List<String> ids = new ArrayList<>();
        ids.add(signIn(one));
        ids.add(signIn(two));
        ids.add(signIn(one));
        assertThat(two.findByPrincipalName("alice")).containsOnlyKeys(ids.subList(1, 3));
        assertThat(one.findById(ids.get(0))).isNull();
    }
}
