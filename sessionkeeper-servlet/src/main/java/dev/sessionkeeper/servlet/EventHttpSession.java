package dev.sessionkeeper.servlet;

import dev.sessionkeeper.events.SessionEvent;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;

import java.util.Collections;
import java.util.Enumeration;

/**
 * The session a listener sees for an event: its id, its principal (attribute
 * {@code dev.sessionkeeper.principal}), the event's snapshot of attributes, read-only. The
 * session itself may be long gone (expired, destroyed), so there is nothing to change.
 */
final class EventHttpSession implements HttpSession {

    /** The attribute under which a listener finds the session's principal, if it had one. */
    static final String PRINCIPAL = "dev.sessionkeeper.principal";

    private final String id;
    private final SessionEvent event;
    private final ServletContext context;

    EventHttpSession(String id, SessionEvent event, ServletContext context) {
        this.id = id;
        this.event = event;
        this.context = context;
    }

    @Override
    public long getCreationTime() {
        return event.writtenAt().toEpochMilli();
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public long getLastAccessedTime() {
        return event.writtenAt().toEpochMilli();
    }

    @Override
    public ServletContext getServletContext() {
        return context;
    }

    @Override
    public void setMaxInactiveInterval(int interval) {
        throw readOnly();
    }

    @Override
    public int getMaxInactiveInterval() {
        return 0;
    }

    @Override
    public Object getAttribute(String name) {
        return PRINCIPAL.equals(name) ? event.principal() : event.snapshot().get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        return Collections.enumeration(event.snapshot().keySet());
    }

    @Override
    public void setAttribute(String name, Object value) {
        throw readOnly();
    }

    @Override
    public void removeAttribute(String name) {
        throw readOnly();
    }

    @Override
    public void invalidate() {
        throw readOnly();
    }

    @Override
    public boolean isNew() {
        return false;
    }

    /**
     * What {@code HttpSession} throws for a session that can no longer be changed: the session a
     * listener sees reports an event, and for an expiry or destruction it has already ended.
     */
    private static IllegalStateException readOnly() {
        return new IllegalStateException("a session seen by a listener is read-only: it reports an event");
    }
}
