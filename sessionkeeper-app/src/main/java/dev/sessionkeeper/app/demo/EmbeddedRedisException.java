package dev.sessionkeeper.app.demo;

/** The demo could not start its embedded redis-server. */
public final class EmbeddedRedisException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    EmbeddedRedisException(Throwable cause) {
        super("cannot start an embedded Redis: " + firstLine(cause.getMessage()), cause);
    }

    public static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }
}
