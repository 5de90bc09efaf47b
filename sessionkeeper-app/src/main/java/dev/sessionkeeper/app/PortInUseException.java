package dev.sessionkeeper.app;

/** The web demo's port is taken by another program (or another demo). */
final class PortInUseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    PortInUseException(int port, Throwable cause) {
        super("port " + port + " is already in use", cause);
    }
}
