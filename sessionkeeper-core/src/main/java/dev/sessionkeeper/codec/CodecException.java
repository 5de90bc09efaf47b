package dev.sessionkeeper.codec;

import dev.sessionkeeper.SessionKeeperException;

/**
 * A value could not be encoded (its type is not supported by the codec) or stored bytes
 * could not be decoded (they are corrupt, or name a type this codec does not know).
 */
public final class CodecException extends SessionKeeperException {

    private static final long serialVersionUID = 1L;

    public CodecException(String message) {
        super(message);
    }

    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
