package dev.sessionkeeper.codec;

import dev.sessionkeeper.SessionKeeperException;

/**
 * A value could not be encoded (its type is not supported by the codec) or stored bytes
 * could not be decoded (they are corrupt, or name a type this codec does not know).
 */
public final class CodecException extends SessionKeeperException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be encoded or decoded, and how to make the codec able to
     */
    public CodecException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what could not be encoded or decoded, and how to make the codec able to
     * @param cause the underlying failure, typically Jackson's
     */
    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
