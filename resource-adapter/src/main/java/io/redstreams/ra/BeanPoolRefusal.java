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
 * refusal is retried without limit): the exception was thrown by a known pool class (one of its
 * top frames), and no frame of the bean class appears in it or its causes.
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
        if (beanClass == null || !thrownByPool(failure)) {
            return false;
        }
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                String name = frame.getClassName();
                if (name.equals(beanClass.getName()) || name.startsWith(beanClass.getName() + "$")) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean thrownByPool(Throwable failure) {
        StackTraceElement[] frames = failure.getStackTrace();
        for (int i = 0; i < Math.min(TOP_FRAMES, frames.length); i++) {
            for (String pool : POOL_PACKAGES) {
                if (frames[i].getClassName().startsWith(pool)) {
                    return true;
                }
            }
        }
        return false;
    }
}
