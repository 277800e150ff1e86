package io.redstreams.cdi;

import java.lang.annotation.Annotation;
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
    /** Parameters whose bean is normal-scoped: their client proxy is looked up once, not per message. */
    private final boolean[] proxyParameter;
    private final Object[] proxies;

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
        this.proxyParameter = new boolean[injectionPoints.size()];
        this.proxies = new Object[injectionPoints.size()];
        for (int i = 0; i < proxyParameter.length; i++) {
            InjectionPoint ip = injectionPoints.get(i);
            if (ip != null) {
                Bean<?> resolved = beanManager.resolve(beanManager.getBeans(ip.getType(),
                        ip.getQualifiers().toArray(new Annotation[0])));
                proxyParameter[i] = resolved != null && beanManager.isNormalScope(resolved.getScope());
            }
        }
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
                args[i] = i == payloadIndex ? argument : parameter(i, creationalContext);
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

    private Object parameter(int i, CreationalContext<?> creationalContext) {
        if (!proxyParameter[i]) {
            return beanManager.getInjectableReference(injectionPoints.get(i), creationalContext);
        }
        Object proxy = proxies[i];
        if (proxy == null) {
            proxy = beanManager.getInjectableReference(injectionPoints.get(i), beanManager.createCreationalContext(null));
            proxies[i] = proxy; // a benign race: any client proxy of the bean will do
        }
        return proxy;
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
