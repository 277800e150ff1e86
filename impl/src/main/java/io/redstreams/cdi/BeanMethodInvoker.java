package io.redstreams.cdi;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;

import io.redstreams.Acknowledgement;
import io.redstreams.impl.consumer.MessageInvoker;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.InjectionPoint;

/**
 * Calls a {@code @StreamConsumer} method the way the container calls an observer method: on the
 * bean's contextual reference (so interceptors and decorators apply), with the other parameters
 * injected; inside a request context of its own when the deployment can observe one (see
 * {@code RedStreamsExtension#requestContextPerMessage}), else without any (no context work per message).
 */
final class BeanMethodInvoker implements MessageInvoker {

    private final BeanManager beanManager;
    private final Bean<?> bean;
    private final Method method;
    /** The bean type whose contextual reference is called: the bean class, or a type that declares the method. */
    private final Type referenceType;
    private final int payloadIndex;
    /** The position of the method's {@code Acknowledgement} parameter, or -1. */
    private final int acknowledgementIndex;
    private final List<InjectionPoint> injectionPoints;
    /** Whether each call runs in a request context of its own. */
    private final boolean requestContext;
    private final boolean normalScoped;
    private final ThreadLocal<RequestContextController> requestContexts;
    private volatile Object normalScopedReference;
    /** On Weld, a cheaper request context than RequestContextController; null elsewhere. */
    private final WeldRequestScope weldRequestScope;
    /** Whether a call needs a CreationalContext: a @Dependent bean or a parameter that is not a client proxy. */
    private final boolean needsCreationalContext;
    /** Parameters whose bean is normal-scoped: their client proxy is looked up once, not per message. */
    private final boolean[] proxyParameter;
    private final Object[] proxies;

    /**
     * @param acknowledgementIndex the position of the {@code Acknowledgement} parameter, or -1
     * @param injectionPoints one per parameter; {@code null} at the payload's and the acknowledgement's position
     * @param requestContext whether each call runs in a request context of its own
     */
    BeanMethodInvoker(BeanManager beanManager, Bean<?> bean, InvocationTarget target, int payloadIndex,
                      int acknowledgementIndex, List<InjectionPoint> injectionPoints, boolean requestContext) {
        this.beanManager = beanManager;
        this.bean = bean;
        this.method = target.method();
        this.referenceType = target.type();
        this.payloadIndex = payloadIndex;
        this.acknowledgementIndex = acknowledgementIndex;
        this.injectionPoints = injectionPoints;
        this.requestContext = requestContext;
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
        WeldRequestScope weldScope = null;
        if (requestContext) {
            try {
                weldScope = WeldRequestScope.of(beanManager);
            } catch (LinkageError notWeld) {
                weldScope = null; // Weld's API is not visible here: the class could not even be linked
            }
        }
        this.weldRequestScope = weldScope;
        boolean needs = !normalScoped;
        for (int i = 0; i < proxyParameter.length; i++) {
            if (i != payloadIndex && i != acknowledgementIndex && !proxyParameter[i]) {
                needs = true;
            }
        }
        this.needsCreationalContext = needs;
        method.setAccessible(true);
    }

    @Override
    public CompletionStage<?> invoke(Object argument) throws Exception {
        return invoke(argument, null);
    }

    @Override
    public CompletionStage<?> invoke(Object argument, Acknowledgement acknowledgement) throws Exception {
        if (!requestContext) {
            return call(argument, acknowledgement);
        }
        if (weldRequestScope != null && !weldRequestScope.active()) {
            return weldRequestScope.call(() -> call(argument, acknowledgement));
        }
        RequestContextController requestContext = requestContexts.get();
        boolean activated = requestContext.activate();
        try {
            return call(argument, acknowledgement);
        } finally {
            if (activated) {
                requestContext.deactivate();
            }
        }
    }

    private CompletionStage<?> call(Object argument, Acknowledgement acknowledgement) throws Exception {
        CreationalContext<?> creationalContext = needsCreationalContext ? beanManager.createCreationalContext(null)
                : null;
        try {
            Object target = Modifier.isStatic(method.getModifiers()) ? null : target(creationalContext);
            Object[] args = new Object[injectionPoints.size()];
            for (int i = 0; i < args.length; i++) {
                args[i] = i == payloadIndex ? argument
                        : i == acknowledgementIndex ? acknowledgement : parameter(i, creationalContext);
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
            if (creationalContext != null) {
                creationalContext.release();
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
            return beanManager.getReference(bean, referenceType, creationalContext);
        }
        Object reference = normalScopedReference;
        if (reference == null) {
            // A client proxy: valid for the container's lifetime, so one is enough.
            reference = beanManager.getReference(bean, referenceType, beanManager.createCreationalContext(bean));
            normalScopedReference = reference;
        }
        return reference;
    }

    /**
     * Weld's bound request context, activated around each call with a map reused per thread. Unlike
     * {@link RequestContextController} it fires no {@code @Initialized}/{@code @BeforeDestroyed}/{@code @Destroyed}
     * (RequestScoped) events (Weld builds each event's payload with {@code toString()}) and creates no new bean
     * store: measured about 1.8 KB and 0.5-1 µs less per message. The request scope is the same: a fresh one per
     * message, its beans destroyed after the call. Only this class refers to Weld types, so other CDI
     * implementations (or a class loader that does not see Weld's API) fall back to the portable controller.
     */
    private static final class WeldRequestScope {
        private final org.jboss.weld.context.bound.BoundRequestContext context;
        private final org.jboss.weld.manager.api.WeldManager weld;
        private final ThreadLocal<Map<String, Object>> stores = ThreadLocal.withInitial(HashMap::new);

        private WeldRequestScope(org.jboss.weld.context.bound.BoundRequestContext context,
                                 org.jboss.weld.manager.api.WeldManager weld) {
            this.context = context;
            this.weld = weld;
        }

        static WeldRequestScope of(BeanManager beanManager) {
            try {
                if (!(beanManager instanceof org.jboss.weld.manager.api.WeldManager weld)) {
                    return null;
                }
                return new WeldRequestScope(beanManager.createInstance()
                        .select(org.jboss.weld.context.bound.BoundRequestContext.class,
                                org.jboss.weld.context.bound.BoundLiteral.INSTANCE).get(), weld);
            } catch (RuntimeException | LinkageError notWeld) {
                return null;
            }
        }

        boolean active() {
            return weld.isContextActive(jakarta.enterprise.context.RequestScoped.class);
        }

        <T> T call(Callable<T> body) throws Exception {
            Map<String, Object> store = stores.get();
            context.associate(store);
            context.activate();
            try {
                return body.call();
            } finally {
                try {
                    context.invalidate();
                    context.deactivate();
                } finally {
                    context.dissociate(store);
                    store.clear();
                }
            }
        }
    }
}
