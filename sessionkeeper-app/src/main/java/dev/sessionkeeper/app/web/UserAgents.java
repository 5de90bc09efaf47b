package dev.sessionkeeper.app.web;

import java.util.Locale;

/**
 * Turns a User-Agent header into what a "your devices" list shows, e.g. "Chrome on Linux". A rough reading of
 * the well-known tokens, in the order that tells browsers apart (Edge and Opera also say Chrome, Chrome also
 * says Safari); the whole header is shown next to it for anyone who wants the detail.
 */
final class UserAgents {

    private UserAgents() {
    }

    static String describe(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "Unknown device";
        }
        String ua = userAgent.toLowerCase(Locale.ROOT);
        if (ua.startsWith("java-http-client")) {
            return "Java HTTP client";
        }
        if (ua.startsWith("sessionkeeper-simulator")) {
            return "Simulated device";
        }
        return browser(ua) + " on " + system(ua);
    }

    private static String browser(String ua) {
        if (ua.contains("edg/")) {
            return "Edge";
        }
        if (ua.contains("opr/")) {
            return "Opera";
        }
        if (ua.contains("firefox/")) {
            return "Firefox";
        }
        if (ua.contains("headlesschrome/")) {
            return "Headless Chrome";
        }
        if (ua.contains("chrome/") || ua.contains("chromium/") || ua.contains("crios/")) {
            return "Chrome";
        }
        if (ua.contains("safari/")) {
            return "Safari";
        }
        return "A browser";
    }

    private static String system(String ua) {
        if (ua.contains("android")) {
            return "Android";
        }
        if (ua.contains("iphone") || ua.contains("ipad")) {
            return "iOS";
        }
        if (ua.contains("windows")) {
            return "Windows";
        }
        if (ua.contains("mac os x") || ua.contains("macintosh")) {
            return "macOS";
        }
        if (ua.contains("cros")) {
            return "ChromeOS";
        }
        if (ua.contains("linux")) {
            return "Linux";
        }
        return "an unknown system";
    }
}
