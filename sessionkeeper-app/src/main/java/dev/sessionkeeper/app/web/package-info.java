/**
 * The web demo: the embedded Jetty behind the servlet filter, its servlets (sign-in, devices, dashboard,
 * event stream, metrics, static files), CSRF tokens, flash messages, the cart stored in the session, and the
 * expiry figures the dashboard charts.
 */
package dev.sessionkeeper.app.web;
