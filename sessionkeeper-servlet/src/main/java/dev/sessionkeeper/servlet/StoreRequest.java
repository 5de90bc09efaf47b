package dev.sessionkeeper.servlet;

import dev.sessionkeeper.DestroyReason;
import dev.sessionkeeper.SaveResult;
import dev.sessionkeeper.Session;
import dev.sessionkeeper.SessionKeeperException;
import dev.sessionkeeper.SessionStore;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * The request as the application sees it behind the filter: sessions come from the store, and
 * only when asked for. A request that never calls {@code getSession} costs Redis nothing; one
 * that only reads costs one call (load and slide the deadline); one that changes something
 * costs one more, at the end.
 *
 * <p>The cookie is written when its value is decided (a new session's first attribute, a new
 * id, an invalidation), not at the end: by then the response may be committed.
 */
final class StoreRequest extends HttpServletRequestWrapper {

    private static final Logger log = LoggerFactory.getLogger(SessionKeeperFilter.class);
    /** How many lost races update() takes before it gives up: far more than real contention needs. */
    private static final int MAX_UPDATE_ROUNDS = 100;

    private final SessionKeeperFilter filter;
    private final HttpServletResponse response;
    private StoreHttpSession current;
    private boolean looked;
    private boolean requestedValid;
    private boolean cookieWritten;

    StoreRequest(HttpServletRequest request, HttpServletResponse response, SessionKeeperFilter filter) {
        super(request);
        this.response = response;
        this.filter = filter;
    }

    private SessionStore store() {
        return filter.store();
    }

    @Override
    public HttpSession getSession() {
        return getSession(true);
    }

    @Override
    public synchronized HttpSession getSession(boolean create) {
        if (current != null && !current.isInvalid()) {
            return current;
        }
        if (!looked) {
            looked = true;
            Optional<Session> found = load();
            if (found.isPresent()) {
                requestedValid = true;
                current = new StoreHttpSession(this, found.get());
                return current;
            }
        }
        if (!create) {
            return null;
        }
        current = new StoreHttpSession(this, store().newSession());
        cookieWritten = false;
        return current;
    }

    /** The first live session among the well-formed cookies offered; malformed ones are skipped unasked. */
    private Optional<Session> load() {
        for (String candidate : filter.cookies().candidates((HttpServletRequest) getRequest())) {
            Optional<Session> found = store().find(candidate);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized String changeSessionId() {
        HttpSession session = getSession(false);
        if (!(session instanceof StoreHttpSession s)) {
            throw new IllegalStateException("there is no session to change the id of");
        }
        Session old = s.session();
        Session successor;
        if (old.isNew()) {
            // Not in Redis yet: a fresh draft carrying the same attributes is the whole rotation.
            successor = store().newSession();
            for (String name : old.attributeNames()) {
                successor.set(name, old.get(name));
            }
        } else {
            successor = store().rotate(old);
        }
        s.moveTo(successor);
        if (!successor.isNew() || !successor.attributeNames().isEmpty()) {
            writeCookie(successor.id());
        } else {
            cookieWritten = false;
        }
        return successor.id();
    }

    /** Signs the principal in on this request's session; see {@link SessionKeeperFilter#login}. */
    synchronized HttpSession login(String principal) {
        StoreHttpSession s = (StoreHttpSession) getSession(true);
        Session signedIn = store().login(s.session(), principal);
        s.moveTo(signedIn);
        writeCookie(signedIn.id());
        return s;
    }

    /** Called when an attribute is set: a new session gets its cookie with its first attribute. */
    synchronized void attributeSet(StoreHttpSession session) {
        if (session == current && session.session().isNew() && !cookieWritten) {
            writeCookie(session.session().id());
        }
    }

    synchronized void invalidated(StoreHttpSession session) {
        Session s = session.session();
        if (!s.isNew()) {
            store().destroy(s.id(), DestroyReason.LOGOUT);
        }
        if (!s.isNew() || cookieWritten) {
            if (!response.isCommitted()) {
                filter.cookies().clear((HttpServletRequest) getRequest(), response);
            }
        }
        if (session == current) {
            current = null;
            cookieWritten = false;
        }
    }

    List<HttpSessionAttributeListener> attributeListeners() {
        return filter.attributeListeners();
    }

    private void writeCookie(String id) {
        if (response.isCommitted()) {
            log.warn("the response was already committed when the session cookie had to be written;"
                    + " store something in the session (or sign in) before writing the body");
            return;
        }
        filter.cookies().write((HttpServletRequest) getRequest(), response, id);
        cookieWritten = true;
    }

    /**
     * Saves what the request changed: one call, or none. Runs when the request (or its async
     * cycle) ends, or earlier when the application asks ({@link SessionKeeperFilter#save}).
     *
     * @throws SessionKeeperException when the save fails (Redis unreachable, a value too large)
     */
    synchronized void commit() {
        if (current == null || current.isInvalid()) {
            return;
        }
        Session s = current.session();
        if (s.isNew() && (s.attributeNames().isEmpty() || !cookieWritten)) {
            // A session nobody stored anything in, or whose id never reached the client: no write.
            return;
        }
        if (store().save(s) == SaveResult.GONE) {
            log.debug("the session of this request ended before its changes could be saved");
        }
    }

    /** See {@link SessionKeeperFilter#update}. */
    synchronized Object update(String name, UnaryOperator<Object> change) {
        StoreHttpSession view = (StoreHttpSession) getSession(true);
        if (view.session().isNew() && !cookieWritten) {
            writeCookie(view.session().id());
        }
        // The request's other changes go first, so that moving the view to a fresh copy below
        // cannot drop them; with none, this writes nothing.
        commit();
        Session attempt = view.session();
        long backoffMs = 1;
        for (int round = 1; ; round++) {
            Object value = change.apply(attempt.get(name));
            if (value == null) {
                attempt.remove(name);
            } else {
                attempt.set(name, value);
            }
            SaveResult result = store().saveIfVersion(attempt);
            if (result == SaveResult.SAVED || result == SaveResult.UNCHANGED) {
                view.moveTo(attempt);
                return value;
            }
            if (result == SaveResult.GONE) {
                throw new IllegalStateException("the session ended before its attribute could be updated");
            }
            if (round == MAX_UPDATE_ROUNDS) {
                throw new SessionKeeperException("the session's attribute could not be updated: " + MAX_UPDATE_ROUNDS
                        + " concurrent saves got in first; retry the request later");
            }
            try {
                Thread.sleep(ThreadLocalRandom.current().nextLong(backoffMs + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SessionKeeperException("interrupted while updating a session attribute", e);
            }
            backoffMs = Math.min(backoffMs * 2, 50);
            attempt = store().find(attempt.id()).orElseThrow(() ->
                    new IllegalStateException("the session ended before its attribute could be updated"));
        }
    }

    /**
     * Async requests are saved when their async cycle completes, not when the first dispatch
     * returns: the listener goes on as the cycle starts, so it cannot miss an early complete().
     */
    @Override
    public AsyncContext startAsync() {
        return saveOnComplete(super.startAsync());
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
        return saveOnComplete(super.startAsync(request, response));
    }

    private AsyncContext saveOnComplete(AsyncContext async) {
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                try {
                    commit();
                } catch (SessionKeeperException e) {
                    filter.lostAfterCommit(e);
                } finally {
                    ContainerThreads.forgetNetty();
                }
            }

            @Override
            public void onTimeout(AsyncEvent event) {
            }

            @Override
            public void onError(AsyncEvent event) {
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // A new async cycle on the same request drops the listeners: register again.
                event.getAsyncContext().addListener(this);
            }
        });
        return async;
    }

    @Override
    public synchronized String getRequestedSessionId() {
        List<String> candidates = filter.cookies().candidates((HttpServletRequest) getRequest());
        return candidates.isEmpty() ? null : candidates.get(0);
    }

    @Override
    public synchronized boolean isRequestedSessionIdValid() {
        getSession(false);
        return requestedValid && current != null && !current.isInvalid() && !current.session().isNew();
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        return getRequestedSessionId() != null;
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        return false;
    }
}
