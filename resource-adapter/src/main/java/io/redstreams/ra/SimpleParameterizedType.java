package io.redstreams.ra;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A {@link ParameterizedType} built at run time, such as {@code StreamMessage<Order>} for an
 * endpoint whose payload type comes from an activation property. Equal to the JDK's own
 * instances of the same type, as {@link ParameterizedType} asks.
 */
final class SimpleParameterizedType implements ParameterizedType {

    private final Class<?> raw;
    private final Type[] arguments;

    SimpleParameterizedType(Class<?> raw, Type... arguments) {
        if (raw.getTypeParameters().length != arguments.length) {
            throw new IllegalArgumentException(raw.getName() + " takes " + raw.getTypeParameters().length
                    + " type arguments, not " + arguments.length);
        }
        this.raw = raw;
        this.arguments = arguments.clone();
    }

    @Override
    public Type[] getActualTypeArguments() {
        return arguments.clone();
    }

    @Override
    public Type getRawType() {
        return raw;
    }

    @Override
    public Type getOwnerType() {
        return raw.getDeclaringClass();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterizedType other
                && raw.equals(other.getRawType())
                && Objects.equals(getOwnerType(), other.getOwnerType())
                && Arrays.equals(arguments, other.getActualTypeArguments());
    }

    /** The JDK's formula, so that equal instances of both kinds hash alike. */
    @Override
    public int hashCode() {
        return Arrays.hashCode(arguments) ^ Objects.hashCode(getOwnerType()) ^ raw.hashCode();
    }

    @Override
    public String toString() {
        return raw.getName() + Arrays.stream(arguments).map(Type::getTypeName).collect(Collectors.joining(", ", "<", ">"));
    }
}
