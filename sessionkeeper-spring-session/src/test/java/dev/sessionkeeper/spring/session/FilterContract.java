package dev.sessionkeeper.spring.session;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.session.web.http.SessionRepositoryFilter;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Session's {@link SessionRepositoryFilter} over our repository, with Spring's default
 * cookie (named SESSION, base64): what a servlet application sees.
 */
abstract class FilterContract extends RepositoryFixture {

    private SessionKeeperSessionRepository repo;
    private SessionRepositoryFilter<SessionKeeperSession> filter;

    @BeforeEach
    void filter() {
        repo = repository();
        filter = new SessionRepositoryFilter<>(repo);
    }

    /** One request through the filter; the session cookie sent, if any; returns the response. */
    private MockHttpServletResponse request(String cookieValue, FilterChain chain) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
        if (cookieValue != null) {
            request.setCookies(new Cookie("SESSION", cookieValue));
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, chain);
        return response;
    }

    private static String cookieFor(String id) {
        return Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.UTF_8));
    }

    private static String idIn(MockHttpServletResponse response) {
        Cookie cookie = response.getCookie("SESSION");
        return cookie == null || cookie.getValue().isEmpty() ? null
                : new String(Base64.getDecoder().decode(cookie.getValue()), StandardCharsets.UTF_8);
    }

    private String newSession(String name, Object value) throws Exception {
        MockHttpServletResponse created = request(null, (req, res) ->
                ((HttpServletRequest) req).getSession().setAttribute(name, value));
        String id = idIn(created);
        assertThat(id).isNotNull();
        return id;
    }

    @Test
    void aSessionMadeInOneRequestIsThereInTheNext() throws Exception {
        String id = newSession("theme", "dark");
        assertThat(repo.findById(id).<String>getAttribute("theme")).isEqualTo("dark");

        String[] seen = new String[1];
        MockHttpServletResponse next = request(cookieFor(id), (req, res) ->
                seen[0] = (String) ((HttpServletRequest) req).getSession(false).getAttribute("theme"));
        assertThat(seen[0]).isEqualTo("dark");
        assertThat(next.getCookie("SESSION")).as("an unchanged id sets no cookie").isNull();
    }

    @Test
    void aRequestThatNeverTouchesTheSessionCostsNothing() throws Exception {
        long before = calls.scriptCalls();
        MockHttpServletResponse response = request(null, (req, res) -> { });
        assertThat(calls.scriptCalls()).isEqualTo(before);
        assertThat(response.getCookie("SESSION")).isNull();
        assertThat(repo.store().count()).isZero();
    }

    @Test
    void readingIsOneCallAndChangingIsTwo() throws Exception {
        String id = newSession("theme", "dark");
        long before = calls.scriptCalls();
        request(cookieFor(id), (req, res) -> ((HttpServletRequest) req).getSession().getAttribute("theme"));
        assertThat(calls.scriptCalls() - before).isEqualTo(1);

        before = calls.scriptCalls();
        request(cookieFor(id), (req, res) -> ((HttpServletRequest) req).getSession().setAttribute("theme", "light"));
        assertThat(calls.scriptCalls() - before).isEqualTo(2);
        assertThat(repo.findById(id).<String>getAttribute("theme")).isEqualTo("light");
    }

    @Test
    void invalidateDeletesTheSessionAndClearsTheCookie() throws Exception {
        String id = newSession("theme", "dark");
        MockHttpServletResponse response = request(cookieFor(id), (req, res) ->
                ((HttpServletRequest) req).getSession().invalidate());
        assertThat(repo.findById(id)).isNull();
        assertThat(response.getCookie("SESSION").getMaxAge()).isZero();
    }

    @Test
    void invalidateThenANewSessionInTheSameRequest() throws Exception {
        String id = newSession("theme", "dark");
        MockHttpServletResponse response = request(cookieFor(id), (req, res) -> {
            HttpServletRequest http = (HttpServletRequest) req;
            http.getSession().invalidate();
            http.getSession(true).setAttribute("fresh", "yes");
        });
        String next = idIn(response);
        assertThat(next).isNotNull().isNotEqualTo(id);
        assertThat(repo.findById(id)).isNull();
        assertThat(repo.findById(next).<String>getAttribute("fresh")).isEqualTo("yes");
        assertThat(repo.findById(next).getAttributeNames()).containsExactly("fresh");
    }

    @Test
    void changeSessionIdSendsTheNewIdAndKillsTheOld() throws Exception {
        String id = newSession("theme", "dark");
        String[] returned = new String[1];
        MockHttpServletResponse response = request(cookieFor(id), (req, res) -> {
            HttpServletRequest http = (HttpServletRequest) req;
            http.getSession();
            returned[0] = http.changeSessionId();
            http.getSession().setAttribute("after", "rotation");
        });
        String next = idIn(response);
        assertThat(next).isEqualTo(returned[0]).isNotEqualTo(id);
        assertThat(repo.findById(id)).isNull();
        SessionKeeperSession moved = repo.findById(next);
        assertThat(moved.<String>getAttribute("theme")).isEqualTo("dark");
        assertThat(moved.<String>getAttribute("after")).isEqualTo("rotation");
    }

    @Test
    void aMalformedCookieGetsAFreshSessionNotAnError() throws Exception {
        for (String bad : new String[] {"%%%not-base64", cookieFor("../../x"), cookieFor("\u0000\n"), "", "AAAA"}) {
            MockHttpServletResponse response = request(bad, (req, res) -> {
                HttpSession session = ((HttpServletRequest) req).getSession();
                assertThat(session.getAttribute("x")).isNull();
                session.setAttribute("x", "fresh");
            });
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(repo.findById(idIn(response)).<String>getAttribute("x")).isEqualTo("fresh");
        }
    }

    @Test
    void anAsyncRequestSavesWhatItsAsyncPartChanged() throws Exception {
        String id = newSession("theme", "dark");
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
        request.setAsyncSupported(true);
        request.setCookies(new Cookie("SESSION", cookieFor(id)));
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, (req, res) -> {
            ((HttpServletRequest) req).getSession().setAttribute("before", "async");
            req.startAsync();
        });
        request.setDispatcherType(DispatcherType.ASYNC);
        filter.doFilter(request, response, (req, res) ->
                ((HttpServletRequest) req).getSession().setAttribute("in", "async"));
        SessionKeeperSession saved = repo.findById(id);
        assertThat(saved.<String>getAttribute("before")).isEqualTo("async");
        assertThat(saved.<String>getAttribute("in")).isEqualTo("async");
    }

    @Test
    void maxInactiveIntervalFromTheServletApi() throws Exception {
        MockHttpServletResponse response = request(null, (req, res) ->
                ((HttpServletRequest) req).getSession().setMaxInactiveInterval(120));
        assertThat(repo.findById(idIn(response)).getMaxInactiveInterval().toSeconds()).isEqualTo(120);
    }

    @Test
    void aSessionDeletedByAnotherRequestIsNotRecreatedByALateOne() throws Exception {
        String id = newSession("theme", "dark");
        try {
            request(cookieFor(id), (req, res) -> {
                HttpSession session = ((HttpServletRequest) req).getSession();
                repo.deleteById(id);
                session.setAttribute("late", "write");
            });
        } catch (IllegalStateException expected) {
            assertThat(expected).hasMessage("Session was invalidated");
        }
        assertThat(repo.findById(id)).isNull();
        assertThat(repo.store().count()).isZero();
    }
}
