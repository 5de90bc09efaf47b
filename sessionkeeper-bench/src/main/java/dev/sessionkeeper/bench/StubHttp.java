package dev.sessionkeeper.bench;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * A request and a response without a servlet container, for {@link FilterBenchmark}: dynamic
 * proxies that answer the few methods a filter asks (cookies, request attributes, headers,
 * whether the response is committed) and give the type's zero value for everything else. A
 * proxy call costs some tens of nanoseconds more than a container's plain method call;
 * {@link FilterBenchmark#bareChain} measures that floor so it can be subtracted.
 */
final class StubHttp {

    private StubHttp() {
    }

    /** A request carrying the given session cookie (or none); its attribute map is {@code attributes}. */
    static HttpServletRequest request(String sessionCookie, Map<String, Object> attributes) {
        Cookie[] cookies = sessionCookie == null ? null : new Cookie[] {new Cookie("SESSION", sessionCookie)};
        return (HttpServletRequest) Proxy.newProxyInstance(StubHttp.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getCookies" -> cookies;
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> {
                        attributes.put((String) args[0], args[1]);
                        yield null;
                    }
                    case "removeAttribute" -> attributes.remove((String) args[0]);
                    case "getContextPath" -> "";
                    case "getRequestURI" -> "/";
                    case "getScheme" -> "http";
                    case "getMethod" -> "GET";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "StubRequest";
                    default -> zero(method.getReturnType());
                });
    }

    /** A response that is never committed and drops cookies and headers. */
    static HttpServletResponse response() {
        return (HttpServletResponse) Proxy.newProxyInstance(StubHttp.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "StubResponse";
                    default -> zero(method.getReturnType());
                });
    }

    static Map<String, Object> attributes() {
        return new HashMap<>();
    }

    private static Object zero(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        return null;
    }
}
