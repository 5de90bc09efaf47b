package dev.sessionkeeper.bench;

import dev.sessionkeeper.codec.JsonAttributeCodec;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The session of the benchmark's web workload (docs/benchmarks.md): the same five attributes for every system, so that
 * memory and codec figures compare like with like. The principal is the fifth; each system gives
 * it its own way (see {@link BenchSystem#createSignedIn}).
 */
final class WorkloadSession {

    static final String THEME = "theme";
    static final String CART = "cart";
    static final String LAST_PAGE = "lastPage";
    static final String CSRF = "csrf";

    /** Five sessions per user, as in the workload. */
    static final int SESSIONS_PER_USER = 5;

    private static final SecureRandom RANDOM = new SecureRandom();

    private WorkloadSession() {
    }

    static String user(int session) {
        return "user-" + (session / SESSIONS_PER_USER);
    }

    static Cart cart() {
        return new Cart(List.of(
                new Cart.Item("SKU-100245", 1, 1_999),
                new Cart.Item("SKU-200871", 2, 549),
                new Cart.Item("SKU-310002", 1, 12_500)));
    }

    /** A fresh token per session: 32 random bytes, URL-safe base64 (43 characters). */
    static String csrfToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The attributes other than the principal, in the order a request sets them. */
    static Map<String, Object> attributes() {
        return Map.of(THEME, "dark", CART, cart(), LAST_PAGE, "/", CSRF, csrfToken());
    }

    /** The codec sessionkeeper is configured with: JSON, the cart registered as a record. */
    static JsonAttributeCodec codec() {
        return JsonAttributeCodec.builder().register("cart", Cart.class).build();
    }
}
