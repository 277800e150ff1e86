package io.redstreams.ra;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recognizes a container that refused a delivery from inside the listener call, before the bean
 * ran. Most containers take a bean instance from the pool in {@code createEndpoint} or
 * {@code beforeDelivery}, and refuse there; WildFly takes it when the endpoint's
 * {@code onMessage} is called, and when its strict pool has no instance within the pool's
 * timeout it throws {@code EJBException} ("WFLYEJB0378: Failed to acquire a permit") from its pool
 * class. Such an exception is a refusal: the bean never saw the message.
 *
 * <p>Recognized strictly, so that no failure of the application is ever taken for a refusal (a
 * refusal is retried without limit): the exception or one of its causes was thrown by a known pool
 * class (one of its top frames; WildFly wraps it in {@code EJBTransactionRolledbackException}),
 * and no frame of the bean class appears in any of them.
 */
final class BeanPoolRefusal {

    /** Packages of the instance pools of servers that take the instance in the listener call. */
    private static final List<String> POOL_PACKAGES = List.of("org.jboss.as.ejb3.pool.");
    private static final int TOP_FRAMES = 3;

    private BeanPoolRefusal() {
    }

    /**
     * @param failure   what the endpoint's listener method threw
     * @param beanClass the message-driven bean's class, or {@code null} if the container did not say
     */
    static boolean isRefusal(Throwable failure, Class<?> beanClass) {
        if (beanClass == null) {
            return false;
        }
        boolean thrownByPool = false;
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < frames.length; i++) {
                if (isBean(frames[i].getClassName(), beanClass.getName())) {
                    return false;
                }
                if (i < TOP_FRAMES && isPool(frames[i].getClassName())) {
                    thrownByPool = true;
                }
            }
        }
        return thrownByPool;
    }

    /**
     * The bean class, or a nested class or lambda of it; not the container's proxies for it, which WildFly names
     * {@code <bean>$$$view1} and {@code <bean>$$$endpoint1}: they are on the stack before the bean runs.
     */
    private static boolean isBean(String frameClass, String beanClass) {
        return frameClass.equals(beanClass)
                || frameClass.startsWith(beanClass + "$") && !frameClass.startsWith(beanClass + "$$$");
    }

    private static boolean isPool(String frameClass) {
        for (String pool : POOL_PACKAGES) {
            if (frameClass.startsWith(pool)) {
                return true;
            }
        }
        return false;
    }
}
