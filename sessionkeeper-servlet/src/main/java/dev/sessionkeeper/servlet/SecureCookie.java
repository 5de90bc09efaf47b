package dev.sessionkeeper.servlet;

/** When the session cookie carries the {@code Secure} flag. */
public enum SecureCookie {
    /**
     * When the request came over TLS, or through a proxy that says so with
     * {@code X-Forwarded-Proto: https} (trusted unless turned off in the builder).
     */
    AUTO,
    /** Always: the cookie is never sent over plain HTTP. */
    ALWAYS,
    /** Never: only for local development over plain HTTP behind no proxy. */
    NEVER
}
