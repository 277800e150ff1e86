package io.redstreams.cdi;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.inject.spi.Bean;

/**
 * Through which bean type a consumer method is called. The contextual reference of a bean can only be asked for
 * one of its bean types; a bean restricted with {@code @Typed(SomeInterface.class)}, or a session bean with a
 * business interface, does not have its class among them. Then the method is called through a bean type that
 * declares a method of the same name and parameter types (the interface's method, dispatched to the bean's
 * implementation by the proxy, so interceptors and decorators apply). Where no bean type declares it, the method
 * cannot be called and the deployment fails.
 *
 * @param type   the bean type whose contextual reference is used (a class, or a parameterized type such as
 *               {@code Handler<Order>})
 * @param method the method to invoke on that reference
 */
record InvocationTarget(Type type, Method method) {

    /** The result: a target, or a problem sentence (without the method's name). */
    record Result(InvocationTarget target, String problem) {
    }

    static Result resolve(Bean<?> bean, Method declared) {
        Class<?> beanClass = bean.getBeanClass();
        if (Modifier.isStatic(declared.getModifiers())) {
            return new Result(new InvocationTarget(beanClass, declared), null);
        }
        List<Type> types = new ArrayList<>();
        for (Type type : bean.getTypes()) {
            Class<?> raw = raw(type);
            if (raw == beanClass) {
                return new Result(new InvocationTarget(type, declared), null);
            }
            if (raw != null && raw != Object.class) {
                types.add(type);
            }
        }
        types.sort(Comparator.comparing(Type::getTypeName)); // the same choice on every deployment
        for (Type type : types) {
            Method method = declaredBy(raw(type), declared);
            if (method != null) {
                return new Result(new InvocationTarget(type, method), null);
            }
        }
        String typeNames = types.isEmpty() ? "only Object"
                : types.stream().map(Type::getTypeName).collect(Collectors.joining(", "));
        return new Result(null, "cannot be called: its class " + beanClass.getName() + " is not one of the bean's types ("
                + typeNames + "; restricted by @Typed, or a session bean's business interfaces) and none of those"
                + " types declares " + declared.getName() + "(" + Arrays.stream(declared.getParameterTypes())
                .map(Class::getSimpleName).collect(Collectors.joining(", ")) + "). Declare the method on one of the"
                + " bean types (e.g. the interface named in @Typed), or add the class to @Typed");
    }

    /**
     * A non-static, non-private method of that type (declared or inherited) with the same name and parameters; or,
     * for a generic type ({@code Handler<T>} with {@code on(T)}, implemented as {@code on(Order)}), the public one of
     * the same name whose erased parameter types accept the method's: the bean class implements it with a bridge
     * to the declared method.
     */
    private static Method declaredBy(Class<?> type, Method declared) {
        try {
            Method m = type.getMethod(declared.getName(), declared.getParameterTypes());
            return Modifier.isStatic(m.getModifiers()) ? null : m;
        } catch (NoSuchMethodException notPublic) {
            // a generic one, or a package-private or protected one in the class hierarchy
        }
        for (Method m : type.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers()) && m.getName().equals(declared.getName())
                    && accepts(m.getParameterTypes(), declared.getParameterTypes())) {
                return m;
            }
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                Method m = c.getDeclaredMethod(declared.getName(), declared.getParameterTypes());
                int mods = m.getModifiers();
                return Modifier.isStatic(mods) || Modifier.isPrivate(mods) ? null : m;
            } catch (NoSuchMethodException e) {
                // try the superclass
            }
        }
        return null;
    }

    private static boolean accepts(Class<?>[] erased, Class<?>[] actual) {
        if (erased.length != actual.length) {
            return false;
        }
        for (int i = 0; i < erased.length; i++) {
            if (!erased[i].isAssignableFrom(actual[i])) {
                return false;
            }
        }
        return true;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return null;
    }
}
