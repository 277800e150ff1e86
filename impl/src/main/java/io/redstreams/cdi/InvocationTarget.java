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
 * @param type   the bean type whose contextual reference is used
 * @param method the method to invoke on that reference
 */
record InvocationTarget(Class<?> type, Method method) {

    /** The result: a target, or a problem sentence (without the method's name). */
    record Result(InvocationTarget target, String problem) {
    }

    static Result resolve(Bean<?> bean, Method declared) {
        Class<?> beanClass = bean.getBeanClass();
        if (Modifier.isStatic(declared.getModifiers()) || isBeanType(bean, beanClass)) {
            return new Result(new InvocationTarget(beanClass, declared), null);
        }
        List<Class<?>> types = new ArrayList<>();
        for (Type type : bean.getTypes()) {
            Class<?> raw = raw(type);
            if (raw != null && raw != Object.class) {
                types.add(raw);
            }
        }
        types.sort(Comparator.comparing(Class::getName)); // the same choice on every deployment
        for (Class<?> type : types) {
            Method method = declaredBy(type, declared);
            if (method != null) {
                return new Result(new InvocationTarget(type, method), null);
            }
        }
        String typeNames = types.isEmpty() ? "only Object"
                : types.stream().map(Class::getName).collect(Collectors.joining(", "));
        return new Result(null, "cannot be called: its class " + beanClass.getName() + " is not one of the bean's types ("
                + typeNames + "; restricted by @Typed, or a session bean's business interfaces) and none of those"
                + " types declares " + declared.getName() + "(" + Arrays.stream(declared.getParameterTypes())
                .map(Class::getSimpleName).collect(Collectors.joining(", ")) + "). Declare the method on one of the"
                + " bean types (e.g. the interface named in @Typed), or add the class to @Typed");
    }

    private static boolean isBeanType(Bean<?> bean, Class<?> beanClass) {
        for (Type type : bean.getTypes()) {
            if (raw(type) == beanClass) {
                return true;
            }
        }
        return false;
    }

    /** A non-static, non-private method of that type (declared or inherited) with the same name and parameters. */
    private static Method declaredBy(Class<?> type, Method declared) {
        try {
            Method m = type.getMethod(declared.getName(), declared.getParameterTypes());
            return Modifier.isStatic(m.getModifiers()) ? null : m;
        } catch (NoSuchMethodException notPublic) {
            // look for a package-private or protected one in the class hierarchy
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
