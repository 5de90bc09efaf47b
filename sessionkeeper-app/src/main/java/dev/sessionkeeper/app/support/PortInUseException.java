package dev.sessionkeeper.app.support;

/** The web demo's port is taken by another program (or another demo). */
public final class PortInUseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PortInUseException(int port, Throwable cause) {
        super("port " + port + " is already in use", cause);
    }
}
