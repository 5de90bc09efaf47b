package dev.sessionkeeper.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The default codec: every attribute is a JSON document, written with Jackson.
 *
 * <p>Strings, numbers, booleans, lists and maps of them are stored as plain JSON and read back
 * as {@code String}, {@code Integer}/{@code Long}/{@code BigInteger}, {@code Double},
 * {@code Boolean}, {@code List} and {@code Map}. Ask for the exact type with
 * {@link dev.sessionkeeper.Session#get(String, Class)} when that matters (a {@code Long} that
 * fits an int reads back as an {@code Integer} otherwise).
 *
 * <p>Records and other classes must be registered under a short alias:
 * <pre>{@code
 * JsonAttributeCodec codec = JsonAttributeCodec.builder()
 *     .register("cart", Cart.class)
 *     .build();
 * }</pre>
 * Their values are stored as {@code @cart:{...}}. The alias, never a class name, is what
 * Redis holds, and only registered classes are ever instantiated: bytes in Redis cannot make
 * the application load an arbitrary class. There is no polymorphic default typing.
 *
 * <p>A codec is immutable and thread-safe once built.
 */
public final class JsonAttributeCodec implements AttributeCodec {

    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9_.$-]{1,64}");
    private static final byte ALIAS_MARK = '@';
    private static final byte ALIAS_END = ':';

    private final ObjectMapper mapper;
    private final Map<Class<?>, byte[]> prefixByType;
    private final Map<String, Class<?>> typeByAlias;

    private JsonAttributeCodec(Builder builder) {
        this.mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        this.typeByAlias = Map.copyOf(builder.typeByAlias);
        Map<Class<?>, byte[]> prefixes = new HashMap<>();
        builder.typeByAlias.forEach((alias, type) ->
                prefixes.put(type, ("@" + alias + ":").getBytes(StandardCharsets.US_ASCII)));
        this.prefixByType = Map.copyOf(prefixes);
    }

    /**
     * A codec for plain JSON values only: no registered types.
     *
     * @return a new codec that stores strings, numbers, booleans, lists and maps
     */
    public static JsonAttributeCodec defaults() {
        return builder().build();
    }

    /**
     * Starts a codec that also stores registered classes.
     *
     * @return a new builder with no registrations
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public byte[] encode(Object value) {
        Objects.requireNonNull(value, "value");
        Class<?> type = value instanceof Enum<?> e ? e.getDeclaringClass() : value.getClass();
        byte[] prefix = prefixByType.get(type);
        if (prefix == null && !isPlainJson(value)) {
            throw new CodecException("values of type " + type.getName() + " are not registered with the JSON codec;"
                    + " register them with JsonAttributeCodec.builder().register(\"alias\", "
                    + type.getSimpleName() + ".class)");
        }
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new CodecException("cannot write a " + type.getName() + " as JSON: " + e.getOriginalMessage(), e);
        }
        if (prefix == null) {
            return json;
        }
        byte[] out = new byte[prefix.length + json.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(json, 0, out, prefix.length, json.length);
        return out;
    }

    @Override
    public Object decode(byte[] data) {
        int start = bodyStart(data);
        Class<?> type = start == 0 ? Object.class : registeredType(data, start);
        return read(data, start, type);
    }

    @Override
    public <T> T decode(byte[] data, Class<T> type) {
        if (type == Object.class) {
            return type.cast(decode(data));
        }
        return read(data, bodyStart(data), type);
    }

    private <T> T read(byte[] data, int start, Class<T> type) {
        try {
            return mapper.readValue(data, start, data.length - start, type);
        } catch (IOException e) {
            throw new CodecException("stored value is not valid JSON for " + type.getName() + ": "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
    }

    /** Index where the JSON starts: after the {@code @alias:} prefix, if there is one. */
    private static int bodyStart(byte[] data) {
        if (data.length == 0 || data[0] != ALIAS_MARK) {
            return 0;
        }
        for (int i = 1; i < data.length && i <= 65; i++) {
            if (data[i] == ALIAS_END) {
                return i + 1;
            }
        }
        throw new CodecException("stored value starts with '@' but has no type alias");
    }

    private Class<?> registeredType(byte[] data, int start) {
        String alias = new String(data, 1, start - 2, StandardCharsets.US_ASCII);
        Class<?> type = typeByAlias.get(alias);
        if (type == null) {
            throw new CodecException("stored value has type alias '" + alias
                    + "', which is not registered with this codec");
        }
        return type;
    }

    private static boolean isPlainJson(Object value) {
        return value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double || value instanceof Float
                || value instanceof Short || value instanceof Byte || value instanceof BigDecimal
                || value instanceof BigInteger || value instanceof Collection<?> || value instanceof Map<?, ?>;
    }

    /** Registers the classes whose values the codec may store and instantiate. */
    public static final class Builder {
        private final Map<String, Class<?>> typeByAlias = new HashMap<>();

        private Builder() {
        }

        /**
         * Allows values of {@code type} (a record, a POJO with a default constructor, an enum),
         * stored under {@code alias}. The alias is what Redis holds: keep it stable across
         * releases, rename the class freely.
         *
         * @param alias 1 to 64 characters of {@code A-Z a-z 0-9 _ . $ -}
         * @param type the class
         * @return this builder
         * @throws IllegalArgumentException when the alias is malformed or already taken by
         *     another class, or the class is already registered under another alias
         */
        public Builder register(String alias, Class<?> type) {
            Objects.requireNonNull(type, "type");
            if (alias == null || !ALIAS.matcher(alias).matches()) {
                throw new IllegalArgumentException("alias must be 1-64 characters of A-Z a-z 0-9 _ . $ -, got: " + alias);
            }
            Class<?> previous = typeByAlias.get(alias);
            if (previous != null && previous != type) {
                throw new IllegalArgumentException("alias '" + alias + "' is already registered for " + previous.getName());
            }
            if (typeByAlias.entrySet().stream().anyMatch(e -> e.getValue() == type && !e.getKey().equals(alias))) {
                throw new IllegalArgumentException(type.getName() + " is already registered under another alias");
            }
            typeByAlias.put(alias, type);
            return this;
        }

        /**
         * Builds the codec from the registrations so far; later registrations do not change it.
         *
         * @return an immutable, thread-safe codec
         */
        public JsonAttributeCodec build() {
            return new JsonAttributeCodec(this);
        }
    }
}
