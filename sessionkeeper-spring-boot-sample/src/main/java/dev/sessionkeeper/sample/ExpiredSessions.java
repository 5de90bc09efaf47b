package dev.sessionkeeper.sample;

import org.springframework.context.event.EventListener;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.events.SessionExpiredEvent;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last expirations this application heard of: each arrives once per application, on time. */
@Component
class ExpiredSessions {

    record Expiry(String idPrefix, String principal, Instant at, Object lastPage) {
    }

    private final Deque<Expiry> recent = new ArrayDeque<>();

    @EventListener
    synchronized void on(SessionExpiredEvent event) {
        String id = event.getSessionId();
        recent.addFirst(new Expiry(id.substring(0, Math.min(8, id.length())),
                event.getSession().getAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME),
                Instant.now(), event.getSession().getAttribute("lastPage")));
        while (recent.size() > 50) {
            recent.removeLast();
        }
    }

    synchronized List<Expiry> recent() {
        return List.copyOf(recent);
    }
}
