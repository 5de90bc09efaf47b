package dev.sessionkeeper.servlet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A plain HTTP client that handles cookies by hand, so tests see exactly what is sent. */
final class Http {

    record Reply(int status, String body, List<String> setCookies, Map<String, List<String>> headers) {

        /** The first value of a response header, or null. */
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        /** The value of the session cookie this reply sets, or null. */
        String sessionCookie() {
            for (String c : setCookies) {
                if (c.startsWith("SESSION=")) {
                    return c.substring("SESSION=".length(), c.indexOf(';') < 0 ? c.length() : c.indexOf(';'));
                }
            }
            return null;
        }

        String sessionCookieHeader() {
            return setCookies.stream().filter(c -> c.startsWith("SESSION=")).findFirst().orElse(null);
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    Http(String base) {
        this.base = base;
    }

    Reply get(String path, String cookieHeader) throws Exception {
        return get(path, cookieHeader, Map.of());
    }

    Reply get(String path, String cookieHeader, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (cookieHeader != null) {
            b.header("Cookie", cookieHeader);
        }
        headers.forEach(b::header);
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body(), r.headers().allValues("Set-Cookie"), r.headers().map());
    }
}
