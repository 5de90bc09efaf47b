/**
 * Spring Session's repositories on the store
 * ({@link dev.sessionkeeper.spring.session.SessionKeeperSessionRepository} and its reactive
 * twin), the store's events republished as Spring Session events
 * ({@link dev.sessionkeeper.spring.session.SessionEventPublisher}), a session registry for
 * Spring Security's concurrent session control, and the codec for what Spring Security keeps in
 * a session. Every promise of the store holds through them: expiry on time, one terminal event
 * per session, an exact per-user index. Public API.
 */
package dev.sessionkeeper.spring.session;
