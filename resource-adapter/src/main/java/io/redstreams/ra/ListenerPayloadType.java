package io.redstreams.ra;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.redstreams.StreamListener;
import io.redstreams.StreamMessage;

/**
 * Finds the payload type of a message-driven bean: the {@code T} of the {@code StreamListener<T>}
 * its class declares (directly, or through generic superclasses and interfaces), or else the
 * {@code payloadType} activation property. The result is handed to the engine as
 * {@code StreamMessage<T>}, the same shape a {@code @StreamConsumer} parameter can have, so the
 * engine decodes MDB payloads exactly as it decodes CDI ones.
 */
final class ListenerPayloadType {

    private ListenerPayloadType() {
    }

    /**
     * Decides the payload type of an endpoint.
     *
     * @param endpointClass the bean class, or {@code null} if the container did not say
     * @param property      the {@code payloadType} activation property, or {@code null}/blank
     * @param loader        where the property's class is loaded from (the application's loader)
     * @return {@code StreamMessage<T>}
     * @throws IllegalArgumentException saying what is missing or contradictory
     */
    static Type messageTypeOf(Class<?> endpointClass, String property, ClassLoader loader) {
        Optional<Type> declared = endpointClass == null ? Optional.empty() : declaredBy(endpointClass);
        Optional<Type> named = property == null || property.isBlank() ? Optional.empty()
                : Optional.of(parse(property.trim(), loader));
        if (declared.isPresent() && named.isPresent() && rawClass(declared.get()) != rawClass(named.get())) {
            throw new IllegalArgumentException("payloadType is " + named.get().getTypeName() + " but "
                    + endpointClass.getName() + " implements StreamListener<" + declared.get().getTypeName()
                    + ">; remove payloadType or make them agree");
        }
        Type payload = declared.or(() -> named).orElseThrow(() -> new IllegalArgumentException(
                (endpointClass == null ? "the container did not name the endpoint class"
                        : endpointClass.getName() + " implements StreamListener without a type argument")
                        + "; declare StreamListener<YourPayload> or set the activation property payloadType"));
        return new SimpleParameterizedType(StreamMessage.class, payload);
    }

    /** The {@code T} of {@code StreamListener<T>} as declared by the class; empty if raw or left open. */
    static Optional<Type> declaredBy(Class<?> type) {
        return search(type, Map.of());
    }

    private static Optional<Type> search(Type type, Map<TypeVariable<?>, Type> bindings) {
        Class<?> raw = rawClass(type);
        if (raw == null || raw == Object.class) {
            return Optional.empty();
        }
        Map<TypeVariable<?>, Type> here = new HashMap<>();
        if (type instanceof ParameterizedType p) {
            TypeVariable<?>[] parameters = raw.getTypeParameters();
            Type[] arguments = p.getActualTypeArguments();
            for (int i = 0; i < parameters.length; i++) {
                here.put(parameters[i], substitute(arguments[i], bindings));
            }
        }
        if (raw == StreamListener.class) {
            Type t = here.get(StreamListener.class.getTypeParameters()[0]);
            return t == null || t instanceof TypeVariable<?> ? Optional.empty() : Optional.of(t);
        }
        for (Type supertype : raw.getGenericInterfaces()) {
            Optional<Type> found = search(supertype, here);
            if (found.isPresent()) {
                return found;
            }
        }
        Type superclass = raw.getGenericSuperclass();
        return superclass == null ? Optional.empty() : search(superclass, here);
    }

    /** Replaces type variables bound further down the hierarchy, also inside {@code List<T>} and the like. */
    private static Type substitute(Type type, Map<TypeVariable<?>, Type> bindings) {
        if (type instanceof TypeVariable<?> v) {
            return bindings.getOrDefault(v, v);
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] arguments = p.getActualTypeArguments();
            boolean changed = false;
            for (int i = 0; i < arguments.length; i++) {
                Type replaced = substitute(arguments[i], bindings);
                changed |= replaced != arguments[i];
                arguments[i] = replaced;
            }
            return changed ? new SimpleParameterizedType(raw, arguments) : p;
        }
        return type;
    }

    /**
     * The {@code payloadType} property: a class name, {@code byte[]}, or {@code java.util.Map}
     * (meaning {@code Map<String, String>}, all fields of the entry).
     *
     * @throws IllegalArgumentException if the class cannot be loaded
     */
    static Type parse(String name, ClassLoader loader) {
        if (name.equals("byte[]")) {
            return byte[].class;
        }
        Class<?> type;
        try {
            type = Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("payloadType " + name + " cannot be loaded by the application: " + e);
        }
        return type == Map.class ? new SimpleParameterizedType(Map.class, String.class, String.class) : type;
    }

    /** Whether a {@code payloadType} value is a well-formed name; loading it needs the application. */
    static boolean wellFormed(String name) {
        return name.equals("byte[]")
                || name.matches("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
                + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return null;
    }
}
