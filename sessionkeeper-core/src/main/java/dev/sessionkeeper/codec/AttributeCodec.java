package dev.sessionkeeper.codec;

/**
 * Turns attribute values into the bytes of one Redis hash field and back.
 *
 * <p>Implementations must be thread-safe, and must never instantiate a class named by the
 * stored bytes unless the application allowed it: the bytes in Redis are not trusted input.
 * The default, {@link JsonAttributeCodec}, stores JSON and maps type names only through an
 * explicit registry.
 */
public interface AttributeCodec {

    /**
     * Encodes a value for storage. Called when an attribute is set, so a failure reaches the
     * code that set it.
     *
     * @param value the value, never {@code null}
     * @return the bytes to store; the session keeps them, so they must not be changed later
     * @throws CodecException when the codec cannot store values of this type; the message says
     *     how to make it able to
     */
    byte[] encode(Object value);

    /**
     * Decodes bytes written by {@link #encode} into the codec's natural Java type for them.
     * Called for every attribute when a session is loaded.
     *
     * @param data stored bytes, not trusted
     * @return the value, never {@code null}
     * @throws CodecException when the bytes are corrupt or name an unknown type
     */
    Object decode(byte[] data);

    /**
     * Decodes bytes written by {@link #encode} into the requested type.
     *
     * @param <T> the type asked for
     * @param data stored bytes, not trusted
     * @param type the class to decode into
     * @return the value as a {@code type}
     * @throws CodecException when the bytes are corrupt or cannot become a {@code type}
     */
    <T> T decode(byte[] data, Class<T> type);
}
