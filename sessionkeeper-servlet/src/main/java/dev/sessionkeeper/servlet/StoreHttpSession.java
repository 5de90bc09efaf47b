package dev.sessionkeeper.servlet;

import dev.sessionkeeper.Session;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;

import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;

/**
 * The HttpSession a request sees: a view of one {@link Session}. Attribute changes stay in the
 * session until the filter saves them at the end of the request. The object stays the same
 * across {@link #changeSessionId id changes} and sign-ins; only the session behind it moves.
 */
final class StoreHttpSession implements HttpSession {

    // "Never expires" in servlet terms still ends at the absolute timeout; this is the idle part.
    private static final Duration NO_IDLE_LIMIT = Duration.ofDays(365);

    private final StoreRequest request;
    private final long draftCreatedAt = System.currentTimeMillis();
    private Session session;
    private boolean invalid;

    StoreHttpSession(StoreRequest request, Session session) {
        this.request = request;
        this.session = session;
    }

    synchronized Session session() {
        return session;
    }

    synchronized void moveTo(Session successor) {
        this.session = successor;
    }

    synchronized boolean isInvalid() {
        return invalid;
    }

    private void checkValid() {
        if (invalid) {
            throw new IllegalStateException("the session has been invalidated");
        }
    }

    @Override
    public synchronized long getCreationTime() {
        checkValid();
        return session.isNew() ? draftCreatedAt : session.createdAt().toEpochMilli();
    }

    @Override
    public synchronized String getId() {
        return session.id();
    }

    @Override
    public synchronized long getLastAccessedTime() {
        checkValid();
        return session.isNew() ? draftCreatedAt : session.lastAccessedAt().toEpochMilli();
    }

    @Override
    public ServletContext getServletContext() {
        return request.getServletContext();
    }

    @Override
    public synchronized void setMaxInactiveInterval(int interval) {
        session.setIdleTimeout(interval <= 0 ? NO_IDLE_LIMIT : Duration.ofSeconds(interval));
    }

    @Override
    public synchronized int getMaxInactiveInterval() {
        return (int) Math.min(Integer.MAX_VALUE, session.idleTimeout().toSeconds());
    }

    @Override
    public synchronized Object getAttribute(String name) {
        checkValid();
        return session.get(name);
    }

    @Override
    public synchronized Enumeration<String> getAttributeNames() {
        checkValid();
        return Collections.enumeration(session.attributeNames());
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (value == null) {
            removeAttribute(name);
            return;
        }
        Object old;
        synchronized (this) {
            checkValid();
            old = session.attributeNames().contains(name) ? session.get(name) : null;
            session.set(name, value);
        }
        request.attributeSet(this);
        if (old != value) {
            if (old instanceof HttpSessionBindingListener l) {
                l.valueUnbound(new HttpSessionBindingEvent(this, name, old));
            }
            if (value instanceof HttpSessionBindingListener l) {
                l.valueBound(new HttpSessionBindingEvent(this, name, value));
            }
        }
        for (HttpSessionAttributeListener l : request.attributeListeners()) {
            if (old == null) {
                l.attributeAdded(new HttpSessionBindingEvent(this, name, value));
            } else {
                l.attributeReplaced(new HttpSessionBindingEvent(this, name, old));
            }
        }
    }

    @Override
    public void removeAttribute(String name) {
        Object old;
        synchronized (this) {
            checkValid();
            if (!session.attributeNames().contains(name)) {
                return;
            }
            old = session.get(name);
            session.remove(name);
        }
        if (old instanceof HttpSessionBindingListener l) {
            l.valueUnbound(new HttpSessionBindingEvent(this, name, old));
        }
        for (HttpSessionAttributeListener l : request.attributeListeners()) {
            l.attributeRemoved(new HttpSessionBindingEvent(this, name, old));
        }
    }

    /** Destroys the session now (reason logout); the request may start a new one afterwards. */
    @Override
    public void invalidate() {
        synchronized (this) {
            checkValid();
            invalid = true;
        }
        request.invalidated(this);
    }

    @Override
    public synchronized boolean isNew() {
        checkValid();
        return session.isNew();
    }
}
