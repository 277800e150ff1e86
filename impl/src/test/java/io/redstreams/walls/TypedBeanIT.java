package io.redstreams.walls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConsumer;
import io.redstreams.cdi.WeldApp;
import io.redstreams.testsupport.RedisExtension;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Typed;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InterceptorBinding;
import jakarta.interceptor.InvocationContext;

/**
 * Case 5 of issue 9: a consumer method on a bean whose class is not one of its bean types ({@code @Typed}) is
 * called through a bean type that declares it (interceptors still apply); where none does, the deployment fails
 * naming the method and why.
 */
class TypedBeanIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    static final Set<String> HANDLED = ConcurrentHashMap.newKeySet();
    static final Set<String> INTERCEPTED = ConcurrentHashMap.newKeySet();

    public interface Handler {
        void on(String item);
    }

    public interface GenericHandler<T> {
        void handle(T item);
    }

    public interface Other {
        void unrelated();
    }

    @InterceptorBinding
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.TYPE})
    public @interface Counted {
    }

    @Counted
    @Interceptor
    @Priority(Interceptor.Priority.APPLICATION)
    public static class CountingInterceptor {
        @AroundInvoke
        Object around(InvocationContext context) throws Exception {
            INTERCEPTED.add(String.valueOf(context.getParameters()[0]));
            return context.proceed();
        }
    }

    @ApplicationScoped
    @Typed(Handler.class)
    @Counted
    public static class ScopedTyped implements Handler {
        @Override
        public void on(@StreamConsumer(stream = "typed-scoped", group = "g") String item) {
            HANDLED.add("scoped/" + item);
        }
    }

    @Dependent
    @Typed(Handler.class)
    public static class DependentTyped implements Handler {
        @Override
        public void on(@StreamConsumer(stream = "typed-dependent", group = "g") String item) {
            HANDLED.add("dependent/" + item);
        }
    }

    @ApplicationScoped
    @Typed(GenericHandler.class)
    public static class GenericTyped implements GenericHandler<String> {
        @Override
        public void handle(@StreamConsumer(stream = "typed-generic", group = "g") String item) {
            HANDLED.add("generic/" + item);
        }
    }

    @ApplicationScoped
    @Typed(Other.class)
    public static class Unreachable implements Other {
        @Override
        public void unrelated() {
        }

        void on(@StreamConsumer(stream = "typed-unreachable", group = "g") String item) {
        }
    }

    @Test
    void aTypedBeanIsCalledThroughTheInterfaceThatDeclaresTheMethod() {
        redis.flushAll();
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), ScopedTyped.class, DependentTyped.class,
                GenericTyped.class, CountingInterceptor.class)) {
            app.producer().send("typed-scoped", "a");
            app.producer().send("typed-dependent", "b");
            app.producer().send("typed-generic", "c");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(HANDLED).contains("scoped/a", "dependent/b", "generic/c");
                assertThat(redis.admin().xpending("typed-generic", "g").getTotal()).isZero();
                assertThat(redis.admin().xpending("typed-scoped", "g").getTotal()).isZero();
                assertThat(redis.admin().xpending("typed-dependent", "g").getTotal()).isZero();
            });
            assertThat(INTERCEPTED).contains("a");
            assertThat(redis.admin().exists("typed-scoped:dlq")).isFalse();
            assertThat(redis.admin().exists("typed-dependent:dlq")).isFalse();
        }
    }

    @Test
    void aMethodNoBeanTypeDeclaresFailsTheDeployment() {
        assertThatThrownBy(() -> WeldApp.start(WeldApp.defaults(redis), Unreachable.class).close())
                .hasMessageContaining(Unreachable.class.getName() + "#on: cannot be called")
                .hasMessageContaining("@Typed");
    }
}
