package io.redstreams.impl.codec;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Map;
import java.util.Optional;

import io.redstreams.StreamMessage;
import jakarta.json.bind.annotation.JsonbTypeAdapter;
import jakarta.json.bind.annotation.JsonbTypeDeserializer;
import jakarta.json.bind.annotation.JsonbTypeInfo;

/**
 * What a consumer's payload parameter asks for: the payload kind, its Java type and whether the
 * method wants the whole {@link StreamMessage}. Built once per consumer, at deployment.
 *
 * @param kind        how to read the payload
 * @param payloadType the payload's Java type ({@code T} of {@code StreamMessage<T>})
 * @param wantsMessage whether the parameter is a {@code StreamMessage<T>}
 */
public record ConsumerParameter(PayloadKind kind, Type payloadType, boolean wantsMessage) {

    /**
     * Classifies a parameter type.
     *
     * @return the parameter, or a reason why the type is not supported
     */
    public static Result of(Type parameterType) {
        Type type = parameterType;
        boolean message = false;
        if (rawClass(type) == StreamMessage.class) {
            if (!(type instanceof ParameterizedType p)) {
                return Result.problem("StreamMessage needs its payload type, e.g. StreamMessage<Order>");
            }
            type = p.getActualTypeArguments()[0];
            message = true;
        }
        Optional<String> problem = unsupported(type);
        if (problem.isPresent()) {
            return Result.problem(problem.get());
        }
        PayloadKind kind;
        if (type == String.class) {
            kind = PayloadKind.TEXT;
        } else if (type == byte[].class) {
            kind = PayloadKind.BYTES;
        } else if (rawClass(type) == Map.class) {
            if (!isStringMap(type)) {
                return Result.problem("a Map payload parameter must be Map<String, String> (the entry's fields), not "
                        + type.getTypeName());
            }
            kind = PayloadKind.FIELDS;
        } else {
            Optional<String> notCreatable = notCreatableByJsonb(rawClass(type));
            if (notCreatable.isPresent()) {
                return Result.problem(notCreatable.get());
            }
            kind = PayloadKind.JSON;
        }
        return new Result(new ConsumerParameter(kind, type, message), null);
    }

    private static Optional<String> unsupported(Type type) {
        if (type instanceof TypeVariable<?> || type instanceof WildcardType) {
            return Optional.of("the payload type " + type.getTypeName() + " is not a concrete type");
        }
        if (type instanceof GenericArrayType) {
            return Optional.of("generic arrays are not supported as payload: " + type.getTypeName());
        }
        Class<?> raw = rawClass(type);
        if (raw == null) {
            return Optional.of("unsupported payload type " + type.getTypeName());
        }
        if (raw.isPrimitive()) {
            return Optional.of("a primitive payload type (" + raw.getName() + ") is not supported; use its wrapper or a record");
        }
        if (raw == Object.class) {
            return Optional.of("Object is not a payload type; declare the type to map the JSON to");
        }
        if (raw == StreamMessage.class) {
            return Optional.of("StreamMessage cannot be nested");
        }
        if (raw == Optional.class) {
            return Optional.of("Optional is not a payload type");
        }
        return Optional.empty();
    }

    /**
     * JSON-B creates a payload by calling a constructor, so an application's interface or abstract class fails on
     * every entry unless the type says how to create it. Types of the JDK and of Jakarta (collections, {@code Number},
     * {@code JsonObject}, ...) are left to JSON-B, which has built-in rules for many of them.
     */
    private static Optional<String> notCreatableByJsonb(Class<?> raw) {
        boolean abstractType = raw.isInterface() || (Modifier.isAbstract(raw.getModifiers()) && !raw.isArray());
        String name = raw.getName();
        if (!abstractType || name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jakarta.")) {
            return Optional.empty();
        }
        if (raw.isAnnotationPresent(JsonbTypeDeserializer.class) || raw.isAnnotationPresent(JsonbTypeAdapter.class)
                || raw.isAnnotationPresent(JsonbTypeInfo.class)) {
            return Optional.empty();
        }
        return Optional.of("JSON-B cannot create the payload type " + name + ": it is "
                + (raw.isInterface() ? "an interface" : "an abstract class") + "; declare a concrete class or record,"
                + " or annotate the type with @JsonbTypeDeserializer, @JsonbTypeAdapter or @JsonbTypeInfo");
    }

    private static boolean isStringMap(Type type) {
        if (!(type instanceof ParameterizedType p)) {
            return false;
        }
        Type[] args = p.getActualTypeArguments();
        return args[0] == String.class && args[1] == String.class;
    }

    static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return null;
    }

    /** Either a parameter or a problem. */
    public record Result(ConsumerParameter parameter, String problem) {
        static Result problem(String problem) {
            return new Result(null, problem);
        }

        public boolean ok() {
            return parameter != null;
        }
    }
}
