package dev.sessionkeeper.bench;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * Requests of the web workload through Spring Session's own {@link SessionRepositoryFilter},
 * without a servlet container: the filter with its defaults (the {@code SESSION} cookie, base64,
 * by {@code DefaultCookieSerializer}) on a repository, {@link StubHttp}'s request (with a servlet
 * context, which Spring's session wrapper requires), a response that keeps the cookie the filter sets, and two pages of an application behind it that use
 * nothing but {@link HttpSession}. Whatever the filter and the repository do to Redis for such a
 * request is what is measured; the stubs send nothing.
 */
final class SpringFilterClient {

    /** One page of the application behind the filter. */
    @FunctionalInterface
    private interface Page {
        void handle(HttpServletRequest request);
    }

    /**
     * The servlet context the filter hands every {@code HttpSession} (which refuses none); the
     * pages never ask it anything.
     */
    private static final ServletContext CONTEXT = (ServletContext) Proxy.newProxyInstance(
            SpringFilterClient.class.getClassLoader(), new Class<?>[] {ServletContext.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                case "toString" -> "StubServletContext";
                default -> method.getReturnType() == int.class ? 0 : method.getReturnType() == boolean.class ? false : null;
            });

    private final SessionRepositoryFilter<?> filter;

    private SpringFilterClient(SessionRepositoryFilter<?> filter) {
        this.filter = filter;
    }

    static SpringFilterClient on(SessionRepository<? extends Session> repository) {
        return new SpringFilterClient(filterOn(repository));
    }

    private static <S extends Session> SessionRepositoryFilter<S> filterOn(SessionRepository<S> repository) {
        return new SessionRepositoryFilter<>(repository);
    }

    /**
     * The sign-in page: a new session with the workload's attributes and idle timeout, signed in
     * the way Spring Session indexes a principal (the principal-name attribute, as Spring
     * Security's session registry sets it).
     *
     * @return the session cookie the filter set
     */
    String signIn(String principal, int idleSeconds) {
        String cookie = send(null, request -> {
            HttpSession session = request.getSession();
            session.setMaxInactiveInterval(idleSeconds);
            WorkloadSession.attributes().forEach(session::setAttribute);
            session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, principal);
        });
        if (cookie == null || cookie.isEmpty()) {
            throw new IllegalStateException("the filter set no session cookie on sign-in");
        }
        return cookie;
    }

    /**
     * An ordinary page: reads 2 attributes, and changes {@code lastPage} when {@code change}.
     *
     * @return false when the session was gone
     */
    boolean page(String cookie, boolean change, String lastPage) {
        boolean[] found = {false};
        send(cookie, request -> {
            HttpSession session = request.getSession(false);
            if (session == null) {
                return;
            }
            found[0] = true;
            if (session.getAttribute(WorkloadSession.THEME) == null || session.getAttribute(WorkloadSession.CART) == null) {
                throw new IllegalStateException("a workload attribute is missing");
            }
            if (change) {
                session.setAttribute(WorkloadSession.LAST_PAGE, lastPage);
            }
        });
        return found[0];
    }

    /** One request with the given cookie (or none); the value of the session cookie the filter set, if any. */
    private String send(String cookie, Page page) {
        CookieKeepingResponse response = new CookieKeepingResponse(StubHttp.response());
        HttpServletRequest request = new HttpServletRequestWrapper(StubHttp.request(cookie, StubHttp.attributes())) {
            @Override
            public ServletContext getServletContext() {
                return CONTEXT;
            }
        };
        try {
            filter.doFilter(request, response,
                    (req, res) -> page.handle((HttpServletRequest) req));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ServletException e) {
            throw new IllegalStateException(e);
        }
        return response.sessionCookie;
    }

    /** Keeps the value of the {@code SESSION} cookie the filter's cookie serializer sets. */
    private static final class CookieKeepingResponse extends HttpServletResponseWrapper {

        private static final String PREFIX = "SESSION=";

        String sessionCookie;

        CookieKeepingResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void addHeader(String name, String value) {
            if ("Set-Cookie".equalsIgnoreCase(name) && value.startsWith(PREFIX)) {
                int end = value.indexOf(';');
                sessionCookie = value.substring(PREFIX.length(), end < 0 ? value.length() : end);
            }
            super.addHeader(name, value);
        }
    }
}
