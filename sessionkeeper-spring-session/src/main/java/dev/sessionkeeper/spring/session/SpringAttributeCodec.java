package dev.sessionkeeper.spring.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sessionkeeper.codec.AttributeCodec;
import dev.sessionkeeper.codec.CodecException;
import dev.sessionkeeper.codec.JsonAttributeCodec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The codec for Spring applications: what Spring Security keeps in the session (the security
 * context, saved requests, CSRF tokens) as JSON through Spring Security's own Jackson modules,
 * and everything else through a {@link JsonAttributeCodec} (plain JSON values, and the
 * application's registered types).
 *
 * <p>Spring Security's values are stored as {@code @spring-security:} followed by JSON that
 * names its classes; reading it back goes through Spring Security's allow-list, which only
 * instantiates its own types and those with explicit Jackson mix-ins, so bytes in Redis still
 * cannot make the application load an arbitrary class. Java serialization is never used.
 */
public final class SpringAttributeCodec implements AttributeCodec {

    private static final String SECURITY_PACKAGE = "org.springframework.security.";
    private static final byte[] PREFIX = "@spring-security:".getBytes(StandardCharsets.US_ASCII);

    private final AttributeCodec delegate;
    private final ObjectMapper security;

    private SpringAttributeCodec(AttributeCodec delegate, ObjectMapper security) {
        this.delegate = delegate;
        this.security = security;
    }

    /**
     * Plain JSON values and Spring Security's types.
     *
     * @return a thread-safe codec over {@link JsonAttributeCodec#defaults()}
     */
    public static SpringAttributeCodec defaults() {
        return of(JsonAttributeCodec.defaults());
    }

    /**
     * Spring Security's types, and everything else through {@code delegate} (e.g. a
     * {@link JsonAttributeCodec} with the application's types registered). Without Spring
     * Security on the classpath every value goes to {@code delegate}.
     *
     * @param delegate the codec for every value that is not Spring Security's, not {@code null}
     * @return a codec, thread-safe when {@code delegate} is
     */
    public static SpringAttributeCodec of(AttributeCodec delegate) {
        Objects.requireNonNull(delegate, "delegate");
        ClassLoader loader = SpringAttributeCodec.class.getClassLoader();
        ObjectMapper security = SpringSecurityJson.available(loader) ? SpringSecurityJson.mapper(loader) : null;
        return new SpringAttributeCodec(delegate, security);
    }

    @Override
    public byte[] encode(Object value) {
        Objects.requireNonNull(value, "value");
        if (security == null || !value.getClass().getName().startsWith(SECURITY_PACKAGE)) {
            return delegate.encode(value);
        }
        byte[] json;
        try {
            json = security.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new CodecException("cannot write a " + value.getClass().getName() + " as JSON with Spring Security's"
                    + " Jackson modules: " + e.getOriginalMessage(), e);
        }
        byte[] out = new byte[PREFIX.length + json.length];
        System.arraycopy(PREFIX, 0, out, 0, PREFIX.length);
        System.arraycopy(json, 0, out, PREFIX.length, json.length);
        return out;
    }

    @Override
    public Object decode(byte[] data) {
        return isSecurity(data) ? readSecurity(data, Object.class) : delegate.decode(data);
    }

    @Override
    public <T> T decode(byte[] data, Class<T> type) {
        return isSecurity(data) ? readSecurity(data, type) : delegate.decode(data, type);
    }

    private <T> T readSecurity(byte[] data, Class<T> type) {
        if (security == null) {
            throw new CodecException("stored value was written with Spring Security's Jackson modules, which are not"
                    + " on the classpath");
        }
        try {
            Object value = security.readValue(data, PREFIX.length, data.length - PREFIX.length, Object.class);
            if (!type.isInstance(value)) {
                throw new CodecException("stored value is a " + value.getClass().getName() + ", not a " + type.getName());
            }
            return type.cast(value);
        } catch (IOException e) {
            throw new CodecException("stored value is not valid Spring Security JSON: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        } catch (IllegalArgumentException e) {
            throw new CodecException("stored value is refused by Spring Security's allow-list: " + e.getMessage(), e);
        }
    }

    private static boolean isSecurity(byte[] data) {
        if (data.length < PREFIX.length) {
            return false;
        }
        for (int i = 0; i < PREFIX.length; i++) {
            if (data[i] != PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    /** Spring Security's Jackson 2 modules, loaded only when Spring Security is present. */
    private static final class SpringSecurityJson {

        static boolean available(ClassLoader loader) {
            try {
                Class.forName("org.springframework.security.jackson2.SecurityJackson2Modules", false, loader);
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }

        @SuppressWarnings("deprecation")
        static ObjectMapper mapper(ClassLoader loader) {
            return JsonMapper.builder()
                    .addModules(org.springframework.security.jackson2.SecurityJackson2Modules.getModules(loader))
                    .build();
        }
    }
}
