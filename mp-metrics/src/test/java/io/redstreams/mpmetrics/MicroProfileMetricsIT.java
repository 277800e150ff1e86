package io.redstreams.mpmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Gauge;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Timer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConsumer;
import io.redstreams.testsupport.RedStreamsApp;
import io.redstreams.testsupport.RedisExtension;
import io.smallrye.metrics.SharedMetricRegistries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The MicroProfile Metrics 5 binding on Weld SE, with SmallRye Metrics as the implementation and its application
 * registry as the bean (as {@code io.smallrye.metrics.MetricRegistryProducer} offers it) and a real Redis: counts after
 * sends, deliveries, a failure that a retry heals and a dead letter; the timers' counts; the sampled gauges of an idle
 * and of a busy consumer; everything removed when the application stops. Micrometer is on this class path too (SmallRye
 * Metrics is built on it) without a {@code MeterRegistry} bean: MicroProfile Metrics comes first then.
 */
class MicroProfileMetricsIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    static final String STREAM = Registrar.DESTINATION;

    @BeforeEach
    void clean() {
        redis.flushAll();
        Payments.attempts.clear();
        Payments.handled.set(0);
        Slow.hold = new CountDownLatch(0);
    }

    @AfterEach
    void release() {
        Slow.hold.countDown();
    }

    /** The application registry as a bean, like SmallRye's own producer ({@code @RegistryType(APPLICATION)}). */
    @Dependent
    public static class Registries {
        @Produces
        @Singleton
        @org.eclipse.microprofile.metrics.annotation.RegistryType(type = MetricRegistry.Type.APPLICATION)
        MetricRegistry application() {
            return SharedMetricRegistries.getOrCreate(MetricRegistry.APPLICATION_SCOPE);
        }
    }

    @ApplicationScoped
    public static class Payments {
        static final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        static final AtomicInteger handled = new AtomicInteger();

        void on(@StreamConsumer(stream = "mp-pay", group = "ledger", consumer = "c1", maxDeliveries = 3) String p) {
            int attempt = attempts.computeIfAbsent(p, k -> new AtomicInteger()).incrementAndGet();
            if (p.startsWith("poison") || (p.startsWith("flaky") && attempt == 1)) {
                throw new IllegalStateException("cannot pay " + p + " (attempt " + attempt + ")");
            }
            handled.incrementAndGet();
        }
    }

    @ApplicationScoped
    public static class Slow {
        static volatile CountDownLatch hold = new CountDownLatch(0);

        void on(@StreamConsumer(stream = "mp-slow", group = "audit", consumer = "c1", batchSize = 1) String entry)
                throws InterruptedException {
            hold.await(30, TimeUnit.SECONDS);
        }
    }

    static RedStreamsApp start(Class<?>... beans) {
        return RedStreamsApp.configure(redis).config("redstreams.metrics.sample-interval-ms", "200").beans(beans)
                .start();
    }

    static MetricRegistry registry() {
        return SharedMetricRegistries.getOrCreate(MetricRegistry.APPLICATION_SCOPE);
    }

    @Test
    void countsTimesAndSamplesProducingConsumingARetryAndADeadLetter() {
        MetricRegistry registry = registry();
        try (RedStreamsApp app = start(Payments.class, Registries.class)) {
            for (int i = 0; i < 6; i++) {
                app.producer().send("mp-pay", "pay-" + i);
            }
            app.producer().sendAll("mp-pay", List.of("pay-6", "pay-7"));
            app.producer().send("mp-pay", "flaky-1");
            app.producer().sendAsync("mp-pay", "poison-1").toCompletableFuture().join();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(count(registry, "redstreams.consumer.dead_letters", "mp-pay")).isEqualTo(1);
                assertThat(count(registry, "redstreams.consumer.acks", "mp-pay")).isEqualTo(10);
            });
            assertThat(Payments.handled).as("8 paid at once, flaky-1 on its second delivery").hasValue(9);
            assertThat(count(registry, "messaging.client.sent.messages", "mp-pay")).isEqualTo(10);
            assertThat(timerCount(registry, "messaging.client.operation.duration", "mp-pay"))
                    .as("6 sends, 1 sendAll, 1 send, 1 sendAsync").isEqualTo(9);
            assertThat(count(registry, "messaging.client.consumed.messages", "mp-pay"))
                    .as("8 + flaky twice + poison three times").isEqualTo(13);
            assertThat(count(registry, "redstreams.consumer.failures", "mp-pay")).isEqualTo(4);
            assertThat(count(registry, "redstreams.consumer.retries", "mp-pay")).isEqualTo(3);
            assertThat(timerCount(registry, "messaging.process.duration", "mp-pay")).isEqualTo(13);
            assertThat(registry.getTimers((id, m) -> id.getName().equals("messaging.process.duration")
                    && "java.lang.IllegalStateException".equals(id.getTags().get(Registrar.ERROR))).values().stream()
                    .mapToLong(Timer::getCount).sum()).isEqualTo(4);
            assertThat(registry.getCounters((id, m) -> id.getName().equals("redstreams.consumer.reclaimed")))
                    .isEmpty();
            assertThat(gauge(registry, "redstreams.producer.circuit.state", null)).as("closed").isZero();
            assertThat(gauge(registry, "redstreams.producer.async_buffer.capacity", null)).isPositive();
            assertThat(count(registry, "redstreams.producer.circuit.rejected", null)).isZero();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(gauge(registry, "redstreams.consumer.pending", "mp-pay")).isEqualTo(0.0);
                assertThat(gauge(registry, "redstreams.consumer.lag", "mp-pay")).isEqualTo(0.0);
                assertThat(gauge(registry, "redstreams.consumer.oldest_pending_age", "mp-pay")).isEqualTo(0.0);
                assertThat(gauge(registry, "redstreams.consumer.in_flight", "mp-pay")).isEqualTo(0.0);
            });
            MetricID acks = registry.getCounters((id, m) -> id.getName().equals("redstreams.consumer.acks"))
                    .firstKey();
            assertThat(acks.getTags()).containsEntry(Registrar.DESTINATION, "mp-pay")
                    .containsEntry(Registrar.GROUP, "ledger").containsEntry(Registrar.SYSTEM, "redis");
            System.out.println("MicroProfile Metrics: sent=" + count(registry, "messaging.client.sent.messages",
                    "mp-pay") + " consumed=" + count(registry, "messaging.client.consumed.messages", "mp-pay")
                    + " acks=" + count(registry, "redstreams.consumer.acks", "mp-pay") + " failures="
                    + count(registry, "redstreams.consumer.failures", "mp-pay") + " retries="
                    + count(registry, "redstreams.consumer.retries", "mp-pay") + " dead_letters="
                    + count(registry, "redstreams.consumer.dead_letters", "mp-pay") + "; " + acks);
        }
        assertThat(redstreamsMetrics(registry)).as("metrics are removed when the application stops").isEmpty();
    }

    @Test
    void gaugesShowLagPendingAgeAndInFlightOfABusyConsumer() {
        MetricRegistry registry = registry();
        Slow.hold = new CountDownLatch(1);
        try (RedStreamsApp app = start(Slow.class, Registries.class)) {
            app.producer().send("mp-slow", "first");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> gauge(registry, "redstreams.consumer.in_flight", "mp-slow") == 1.0);
            for (int i = 0; i < 5; i++) {
                app.producer().send("mp-slow", "next-" + i);
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(gauge(registry, "redstreams.consumer.lag", "mp-slow")).isEqualTo(5.0);
                assertThat(gauge(registry, "redstreams.consumer.pending", "mp-slow")).isEqualTo(1.0);
                assertThat(gauge(registry, "redstreams.consumer.oldest_pending_age", "mp-slow")).isGreaterThan(1.0);
            });
            System.out.println("busy consumer: lag=" + gauge(registry, "redstreams.consumer.lag", "mp-slow")
                    + " pending=" + gauge(registry, "redstreams.consumer.pending", "mp-slow") + " oldest_pending_age="
                    + gauge(registry, "redstreams.consumer.oldest_pending_age", "mp-slow") + " in_flight="
                    + gauge(registry, "redstreams.consumer.in_flight", "mp-slow"));

            Slow.hold.countDown();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(gauge(registry, "redstreams.consumer.lag", "mp-slow")).isEqualTo(0.0);
                assertThat(gauge(registry, "redstreams.consumer.pending", "mp-slow")).isEqualTo(0.0);
                assertThat(gauge(registry, "redstreams.consumer.in_flight", "mp-slow")).isEqualTo(0.0);
            });
        }
        assertThat(redstreamsMetrics(registry)).isEmpty();
    }

    @Test
    void metricsCanBeSwitchedOff() {
        MetricRegistry registry = registry();
        try (RedStreamsApp app = RedStreamsApp.configure(redis).config("redstreams.metrics.enabled", "false")
                .beans(Payments.class, Registries.class).start()) {
            app.producer().send("mp-pay", "pay-1");
            await().atMost(Duration.ofSeconds(10)).until(() -> Payments.handled.get() == 1);
            assertThat(redstreamsMetrics(registry)).isEmpty();
        }
    }

    static long count(MetricRegistry registry, String name, String stream) {
        return registry.getCounters((id, m) -> id.getName().equals(name)
                        && (stream == null || stream.equals(id.getTags().get(STREAM))))
                .values().stream().mapToLong(Counter::getCount).sum();
    }

    static long timerCount(MetricRegistry registry, String name, String stream) {
        return registry.getTimers((id, m) -> id.getName().equals(name) && stream.equals(id.getTags().get(STREAM)))
                .values().stream().mapToLong(Timer::getCount).sum();
    }

    static double gauge(MetricRegistry registry, String name, String stream) {
        return registry.getGauges((id, m) -> id.getName().equals(name)
                        && (stream == null || stream.equals(id.getTags().get(STREAM))))
                .values().stream().mapToDouble(g -> ((Gauge<?>) g).getValue().doubleValue()).findFirst()
                .orElse(Double.NaN);
    }

    static List<MetricID> redstreamsMetrics(MetricRegistry registry) {
        return registry.getMetricIDs().stream().filter(id -> id.getName().startsWith("redstreams.")
                || id.getName().startsWith("messaging.")).toList();
    }
}
