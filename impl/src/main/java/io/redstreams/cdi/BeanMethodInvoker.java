package io.redstreams.cdi;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.concurrent.CompletionStage;

import io.redstreams.impl.consumer.MessageInvoker;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.InjectionPoint;

/**
 * Calls a {@code @StreamConsumer} method the way the container calls an observer method: on the
 * bean's contextual reference (so interceptors and decorators apply), with the other parameters
 * injected, inside an active request context.
 */
final class BeanMethodInvoker implements MessageInvoker {

    private final BeanManager beanManager;
    private final Bean<?> bean;
    private final Method method;
    private final int payloadIndex;
    private final List<InjectionPoint> injectionPoints;
    private final boolean normalScoped;
    private final ThreadLocal<RequestContextController> requestContexts;
    private volatile Object normalScopedReference;

    /**
     * @param injectionPoints one per parameter; {@code null} at the payload's position
     */
    BeanMethodInvoker(BeanManager beanManager, Bean<?> bean, Method method, int payloadIndex,
                      List<InjectionPoint> injectionPoints) {
        this.beanManager = beanManager;
        this.bean = bean;
        this.method = method;
        this.payloadIndex = payloadIndex;
        this.injectionPoints = injectionPoints;
        this.normalScoped = beanManager.isNormalScope(bean.getScope());
        this.requestContexts = ThreadLocal.withInitial(
                () -> beanManager.createInstance().select(RequestContextController.class).get());
        method.setAccessible(true);
    }

    @Override
    public CompletionStage<?> invoke(Object argument) throws Exception {
        RequestContextController requestContext = requestContexts.get();
        boolean activated = requestContext.activate();
        CreationalContext<?> creationalContext = beanManager.createCreationalContext(null);
        try {
            Object target = Modifier.isStatic(method.getModifiers()) ? null : target(creationalContext);
            Object[] args = new Object[injectionPoints.size()];
            for (int i = 0; i < args.length; i++) {
                args[i] = i == payloadIndex ? argument
                        : beanManager.getInjectableReference(injectionPoints.get(i), creationalContext);
            }
            Object result = method.invoke(target, args);
            return result instanceof CompletionStage<?> stage ? stage : null;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        } finally {
            // Releases @Dependent bean instances and parameters created for this call.
            creationalContext.release();
            if (activated) {
                requestContext.deactivate();
            }
        }
    }

    private Object target(CreationalContext<?> creationalContext) {
        if (!normalScoped) {
            return beanManager.getReference(bean, bean.getBeanClass(), creationalContext);
        }
        Object reference = normalScopedReference;
        if (reference == null) {
            // A client proxy: valid for the container's lifetime, so one is enough.
            reference = beanManager.getReference(bean, bean.getBeanClass(), beanManager.createCreationalContext(bean));
            normalScopedReference = reference;
        }
        return reference;
    }
}
