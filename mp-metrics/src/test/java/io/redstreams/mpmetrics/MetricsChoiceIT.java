package io.redstreams.mpmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.metrics.MetricRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.redstreams.testsupport.RedStreamsApp;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Which binding wins, and the wall: a Micrometer {@code MeterRegistry} bean comes before MicroProfile Metrics; a
 * registry that throws on every call (registration, counting, timing, reading a gauge, removal) never breaks delivery,
 * the application's start or its stop.
 */
class MetricsChoiceIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    static volatile SimpleMeterRegistry micrometer;

    @BeforeEach
    void clean() {
        redis.flushAll();
        MicroProfileMetricsIT.Payments.attempts.clear();
        MicroProfileMetricsIT.Payments.handled.set(0);
        Throwing.calls.set(0);
    }

    @Dependent
    public static class MicrometerBean {
        @Produces
        @Singleton
        MeterRegistry registry() {
            return micrometer;
        }
    }

    /** A MicroProfile registry (the {@code @Default} bean) whose every call throws, and whose metrics throw too. */
    @Dependent
    public static class Throwing {
        static final AtomicInteger calls = new AtomicInteger();

        @Produces
        @Singleton
        MetricRegistry registry() {
            return throwing(MetricRegistry.class);
        }

        static <T> T throwing(Class<T> type) {
            return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
                switch (method.getName()) {
                    case "hashCode":
                        return System.identityHashCode(p);
                    case "equals":
                        return p == args[0];
                    case "toString":
                        return "throwing " + type.getSimpleName();
                    default:
                        break;
                }
                calls.incrementAndGet();
                Class<?> returned = method.getReturnType();
                if (returned.isInterface() && returned.getPackageName().equals("org.eclipse.microprofile.metrics")
                        && method.getName().matches("counter|timer|gauge")) {
                    return throwing(returned); // registered, but every use of it throws
                }
                throw new IllegalStateException("registry down: " + method.getName());
            }));
        }
    }

    @Test
    void aMeterRegistryBeanComesBeforeMicroProfileMetrics() {
        micrometer = new SimpleMeterRegistry();
        MetricRegistry mp = MicroProfileMetricsIT.registry();
        try (RedStreamsApp app = MicroProfileMetricsIT.start(MicroProfileMetricsIT.Payments.class,
                MicroProfileMetricsIT.Registries.class, MicrometerBean.class)) {
            app.producer().send("mp-pay", "pay-1");
            await().atMost(Duration.ofSeconds(10)).until(() -> micrometer.find("redstreams.consumer.acks")
                    .counters().stream().mapToDouble(c -> c.count()).sum() == 1.0);
            assertThat(MicroProfileMetricsIT.redstreamsMetrics(mp)).as("nothing in MicroProfile Metrics").isEmpty();
        }
        assertThat(micrometer.getMeters()).isEmpty();
    }

    @Test
    void aThrowingRegistryNeverBreaksDeliveryStartOrStop() {
        RedStreamsApp app = MicroProfileMetricsIT.start(MicroProfileMetricsIT.Payments.class, Throwing.class);
        try {
            for (int i = 0; i < 20; i++) {
                app.producer().send("mp-pay", "pay-" + i);
            }
            app.producer().send("mp-pay", "flaky-1");
            app.producer().sendAsync("mp-pay", "poison-1").toCompletableFuture().join();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(MicroProfileMetricsIT.Payments.handled).hasValue(21);
                assertThat(redis.admin().xlen("mp-pay:dlq")).isEqualTo(1);
                assertThat(redis.admin().xpending("mp-pay", "ledger").getTotal()).isZero();
            });
        } finally {
            app.close();
        }
        System.out.println("throwing registry: " + Throwing.calls.get() + " calls threw; 21 entries handled, 1 dead"
                + " letter, nothing pending");
        assertThat(Throwing.calls.get()).as("the registry was used (and threw)").isGreaterThan(20);
    }
}
