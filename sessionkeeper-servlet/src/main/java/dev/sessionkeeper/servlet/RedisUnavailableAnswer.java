package dev.sessionkeeper.servlet;

import dev.sessionkeeper.RedisUnavailableException;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a request that needs its session gets while Redis is unreachable: a short plain-text
 * answer (503 with {@code Retry-After} by default) instead of a 500 with a stack trace, and one
 * log line per minute however many requests fail, so that an outage does not flood the log.
 */
final class RedisUnavailableAnswer {

    private static final Logger log = LoggerFactory.getLogger(SessionKeeperFilter.class);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final int status;
    private final long retryAfterSeconds;
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong lastLine = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
    private final AtomicLong sinceLastLine = new AtomicLong();

    RedisUnavailableAnswer(int status, long retryAfterSeconds) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("the answer while Redis is unavailable must be a 4xx or 5xx status, got "
                    + status);
        }
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("Retry-After must be 0 or more seconds, got " + retryAfterSeconds);
        }
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The RedisUnavailableException among the causes of a failure, or null. */
    static RedisUnavailableException causeOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RedisUnavailableException e) {
                return e;
            }
        }
        return null;
    }

    /** Answers a response that is not committed yet: whatever the request wrote is dropped. */
    void answer(HttpServletResponse response, RedisUnavailableException cause) throws IOException {
        response.reset();
        response.setStatus(status);
        if (retryAfterSeconds > 0) {
            response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        }
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write("The session store is unavailable; please retry shortly.\n");
        answered.incrementAndGet();
        logRateLimited(cause);
    }

    /** How many requests got this answer since the filter started. */
    long answered() {
        return answered.get();
    }

    private void logRateLimited(RedisUnavailableException cause) {
        long suppressed = sinceLastLine.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLine.get();
        if (now - last >= LOG_INTERVAL_NANOS && lastLine.compareAndSet(last, now)) {
            sinceLastLine.addAndGet(-suppressed);
            log.warn("Redis is unavailable: answering {} to the requests that need their session ({} such requests"
                    + " since the last line like this, at most one a minute): {}", status, suppressed, cause.getMessage());
        }
    }
}
