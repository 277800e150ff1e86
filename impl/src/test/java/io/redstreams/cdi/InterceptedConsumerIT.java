package io.redstreams.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamProducer;
import io.redstreams.testsupport.RedisExtension;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InterceptorBinding;
import jakarta.interceptor.InvocationContext;

/**
 * Consumer methods are called through the container: interceptors bound to them run around
 * each delivery.
 */
class InterceptedConsumerIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    static final List<String> AUDIT = new CopyOnWriteArrayList<>();

    @InterceptorBinding
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.TYPE})
    public @interface Audited {
    }

    @Audited
    @Interceptor
    @Priority(Interceptor.Priority.APPLICATION)
    public static class AuditInterceptor {
        @AroundInvoke
        Object audit(InvocationContext context) throws Exception {
            AUDIT.add("before " + context.getMethod().getName() + " " + context.getParameters()[0]);
            return context.proceed();
        }
    }

    @ApplicationScoped
    public static class AuditedConsumer {
        @Audited
        void on(@StreamConsumer(stream = "audited", group = "g") String text) {
            AUDIT.add("handled " + text);
        }
    }

    @Test
    void interceptorsRunAroundEachDelivery() {
        redis.flushAll();
        AUDIT.clear();
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), AuditedConsumer.class, AuditInterceptor.class)) {
            app.bean(StreamProducer.class).send("audited", "one");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(AUDIT).containsExactly("before on one", "handled one"));
        }
    }
}
