/**
 * How attribute values become bytes in Redis: the {@link dev.sessionkeeper.codec.AttributeCodec}
 * SPI and its JSON implementation, {@link dev.sessionkeeper.codec.JsonAttributeCodec}.
 *
 * <p>A codec that cannot decode a stored value says so with a
 * {@link dev.sessionkeeper.codec.CodecException}; the store then keeps the value as it is stored
 * rather than lose it. Public API.
 */
package dev.sessionkeeper.codec;
