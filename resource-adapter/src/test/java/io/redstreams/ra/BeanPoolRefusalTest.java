package io.redstreams.ra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BeanPoolRefusalTest {

    static class Bean {
    }

    private static final StackTraceElement POOL = new StackTraceElement(
            "org.jboss.as.ejb3.pool.strictmax.StrictMaxPool", "get", "StrictMaxPool.java", 120);
    private static final StackTraceElement INTERCEPTOR = new StackTraceElement(
            "org.jboss.as.ejb3.component.pool.PooledInstanceInterceptor", "processInvocation", null, 45);
    private static final StackTraceElement BEAN = new StackTraceElement(Bean.class.getName(), "onMessage", null, 10);
    private static final StackTraceElement BEAN_PROXY = new StackTraceElement(Bean.class.getName()
            + "$Proxy$_$$_WeldSubclass", "onMessage", null, -1);
    private static final StackTraceElement OTHER = new StackTraceElement("com.example.Validator", "check", null, 3);

    @Test
    void anExceptionThrownByWildFlysPoolWithoutTheBeanIsARefusal() {
        assertThat(BeanPoolRefusal.isRefusal(thrown(POOL, INTERCEPTOR), Bean.class)).isTrue();
        assertThat(BeanPoolRefusal.isRefusal(thrown(INTERCEPTOR, POOL), Bean.class)).isTrue();
    }

    @Test
    void wildFlysWrappedPoolTimeoutIsARefusal() {
        // as WildFly 39 throws it: the CMT interceptor wraps the pool's EJBException; the container's view and
        // endpoint proxies of the bean are on the stack, the bean is not
        RuntimeException rolledBack = thrown(new StackTraceElement("org.jboss.as.ejb3.tx.CMTTxInterceptor",
                        "invokeInCallerTx", null, 202), INTERCEPTOR,
                new StackTraceElement(Bean.class.getName() + "$$$view1", "onMessage", null, -1),
                new StackTraceElement(Bean.class.getName() + "$$$endpoint1", "onMessage", null, -1));
        rolledBack.initCause(thrown(POOL, INTERCEPTOR));
        assertThat(BeanPoolRefusal.isRefusal(rolledBack, Bean.class)).isTrue();
    }

    @Test
    void anythingTheBeanTookPartInIsAFailure() {
        assertThat(BeanPoolRefusal.isRefusal(thrown(POOL, BEAN), Bean.class)).isFalse();
        assertThat(BeanPoolRefusal.isRefusal(thrown(POOL, BEAN_PROXY), Bean.class)).isFalse();
        RuntimeException wrapped = thrown(POOL, INTERCEPTOR);
        wrapped.initCause(thrown(OTHER, BEAN));
        assertThat(BeanPoolRefusal.isRefusal(wrapped, Bean.class)).isFalse();
    }

    @Test
    void exceptionsNotThrownByAKnownPoolAreFailures() {
        assertThat(BeanPoolRefusal.isRefusal(thrown(OTHER, INTERCEPTOR), Bean.class)).isFalse();
        assertThat(BeanPoolRefusal.isRefusal(thrown(OTHER, INTERCEPTOR, INTERCEPTOR, POOL), Bean.class)).isFalse();
        RuntimeException wrapped = thrown(OTHER);
        wrapped.initCause(thrown(OTHER, INTERCEPTOR));
        assertThat(BeanPoolRefusal.isRefusal(wrapped, Bean.class)).isFalse();
        assertThat(BeanPoolRefusal.isRefusal(thrown(), Bean.class)).as("no stack trace").isFalse();
        assertThat(BeanPoolRefusal.isRefusal(thrown(POOL), null)).as("bean class unknown").isFalse();
    }

    private static RuntimeException thrown(StackTraceElement... frames) {
        RuntimeException e = new RuntimeException("WFLYEJB0378: Failed to acquire a permit within 200 MILLISECONDS");
        e.setStackTrace(frames);
        return e;
    }
}
