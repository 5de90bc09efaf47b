/**
 * The servlet integration: {@link dev.sessionkeeper.servlet.SessionKeeperFilter} gives each
 * request an {@code HttpSession} kept in the store, with the cookie settings
 * ({@link dev.sessionkeeper.servlet.SecureCookie}, {@link dev.sessionkeeper.servlet.SameSite}) and
 * {@link dev.sessionkeeper.servlet.SessionKeeperListener}, which opens a store from the context's
 * settings. Standard session listeners are told of sessions created and ended, including those
 * that expire while no request runs. Public API.
 */
package dev.sessionkeeper.servlet;
