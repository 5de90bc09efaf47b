package dev.sessionkeeper.testkit;

/**
 * Carries Redis log lines as a suppressed exception on a failed test, so they show up in the test report right
 * under the failure. It has no stack trace: where it was created says nothing.
 */
final class RedisLogTail extends RuntimeException {

    private static final long serialVersionUID = 1L;

    RedisLogTail(String message) {
        super(message, null, false, false);
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
