package io.redstreams.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.redstreams.StreamConsumer;
import io.redstreams.cdi.WeldApp;
import io.redstreams.testsupport.RedisExtension;
import io.redstreams.testsupport.RedisServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Micrometer metrics of producers and consumers: counts after sends, deliveries, failures and dead letters, gauges
 * after sampling (lag, pending, oldest pending age, in flight), the global-registry fallback, the switch, and a sample
 * Prometheus scrape (written to {@code target/metrics-scrape.txt}).
 */
class MetricsIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated(new RedisServer.Options());

    private static final String STREAM = "messaging.destination.name";
    private static final String GROUP = "messaging.consumer.group.name";

    /** The registry the application offers as a CDI bean (set per test). */
    static volatile MeterRegistry beanRegistry;

    @BeforeEach
    void clean() {
        redis.flushAll();
        Bills.handled.set(0);
        Slow.hold = new CountDownLatch(0);
    }

    @AfterEach
    void release() {
        Slow.hold.countDown();
    }

    @Dependent
    public static class RegistryProducer {
        @Produces
        @Singleton
        MeterRegistry registry() {
            return beanRegistry;
        }
    }

    @ApplicationScoped
    public static class Bills {
        static final AtomicInteger handled = new AtomicInteger();

        void on(@StreamConsumer(stream = "m-bills", group = "ledger", consumer = "c1", maxDeliveries = 2) String bill) {
            if (bill.startsWith("poison")) {
                throw new IllegalStateException("cannot pay " + bill);
            }
            handled.incrementAndGet();
        }
    }

    @ApplicationScoped
    public static class Slow {
        static volatile CountDownLatch hold = new CountDownLatch(0);

        void on(@StreamConsumer(stream = "m-slow", group = "audit", consumer = "c1", batchSize = 1) String entry)
                throws InterruptedException {
            hold.await(30, TimeUnit.SECONDS);
        }
    }

    private static Map<String, String> config() {
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.metrics.sample-interval-ms", "200");
        return config;
    }

    @Test
    void countsSendsDeliveriesFailuresRetriesDeadLettersAndAcks() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        beanRegistry = registry;
        try (WeldApp app = WeldApp.start(config(), Bills.class, RegistryProducer.class)) {
            for (int i = 0; i < 10; i++) {
                app.producer().send("m-bills", "bill-" + i);
            }
            app.producer().sendAll("m-bills", List.of("bill-10", "bill-11", "bill-12", "bill-13", "bill-14"));
            for (int i = 0; i < 5; i++) {
                app.producer().sendAsync("m-bills", "poison-" + i).toCompletableFuture().join();
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(count(registry, "redstreams.consumer.dead_letters")).isEqualTo(5);
                assertThat(count(registry, "redstreams.consumer.acks")).isEqualTo(20);
            });
            assertThat(Bills.handled).hasValue(15);
            assertThat(count(registry, "messaging.client.sent.messages")).isEqualTo(20);
            Timer sends = registry.get("messaging.client.operation.duration").tag(STREAM, "m-bills")
                    .tag("error.type", "none").timer();
            assertThat(sends.count()).as("10 sends, 1 sendAll, 5 sendAsync").isEqualTo(16);
            assertThat(count(registry, "messaging.client.consumed.messages")).isEqualTo(25);
            assertThat(count(registry, "redstreams.consumer.failures")).isEqualTo(10);
            assertThat(count(registry, "redstreams.consumer.retries")).isEqualTo(5);
            long processed = registry.get("messaging.process.duration").tag(STREAM, "m-bills").timers().stream()
                    .mapToLong(Timer::count).sum();
            assertThat(processed).isEqualTo(25);
            assertThat(registry.get("messaging.process.duration").tag("error.type", "java.lang.IllegalStateException")
                    .timer().count()).isEqualTo(10);
            assertThat(registry.find("redstreams.consumer.reclaimed").counter()).isNull();
            assertThat(registry.get("redstreams.producer.circuit.state").gauge().value()).as("closed").isZero();
            assertThat(registry.get("redstreams.producer.circuit.rejected").functionCounter().count()).isZero();
            assertThat(registry.get("redstreams.producer.async_buffer.capacity").gauge().value()).isPositive();
            assertThat(registry.get("redstreams.producer.async_buffer.peak").gauge().value()).isPositive();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(gauge(registry, "redstreams.consumer.pending", "m-bills")).isEqualTo(0.0);
                assertThat(gauge(registry, "redstreams.consumer.lag", "m-bills")).isEqualTo(0.0);
                assertThat(gauge(registry, "redstreams.consumer.oldest_pending_age", "m-bills")).isEqualTo(0.0);
                assertThat(gauge(registry, "redstreams.consumer.in_flight", "m-bills")).isEqualTo(0.0);
            });
            System.out.println("metrics: sent=" + count(registry, "messaging.client.sent.messages") + " consumed="
                    + count(registry, "messaging.client.consumed.messages") + " acks="
                    + count(registry, "redstreams.consumer.acks") + " failures="
                    + count(registry, "redstreams.consumer.failures") + " retries="
                    + count(registry, "redstreams.consumer.retries") + " dead_letters="
                    + count(registry, "redstreams.consumer.dead_letters"));
        }
        assertThat(registry.getMeters()).as("meters are removed when the application stops").isEmpty();
    }

    @Test
    void gaugesShowLagPendingAgeAndInFlightOfABusyConsumerAndAPrometheusScrape() throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        beanRegistry = registry;
        Slow.hold = new CountDownLatch(1);
        try (WeldApp app = WeldApp.start(config(), Slow.class, RegistryProducer.class)) {
            app.producer().send("m-slow", "first");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> gauge(registry, "redstreams.consumer.in_flight", "m-slow") == 1.0);
            for (int i = 0; i < 5; i++) {
                app.producer().send("m-slow", "next-" + i);
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(gauge(registry, "redstreams.consumer.lag", "m-slow")).isEqualTo(5.0);
                assertThat(gauge(registry, "redstreams.consumer.pending", "m-slow")).isEqualTo(1.0);
                assertThat(gauge(registry, "redstreams.consumer.oldest_pending_age", "m-slow")).isGreaterThan(1.0);
            });
            String scrape = registry.scrape();
            Files.writeString(Path.of("target", "metrics-scrape.txt"), scrape);
            System.out.println("prometheus scrape:\n" + scrape);
            assertThat(scrape).contains("redstreams_consumer_lag{messaging_consumer_group_name=\"audit\"");

            Slow.hold.countDown();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(gauge(registry, "redstreams.consumer.lag", "m-slow")).isEqualTo(0.0);
                assertThat(gauge(registry, "redstreams.consumer.pending", "m-slow")).isEqualTo(0.0);
            });
        }
    }

    @Test
    void withoutARegistryBeanTheGlobalRegistryIsUsed() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        try (WeldApp app = WeldApp.start(config(), Bills.class)) {
            app.producer().send("m-bills", "bill-1");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> count(registry, "redstreams.consumer.acks") == 1);
            assertThat(count(registry, "messaging.client.sent.messages")).isEqualTo(1);
        } finally {
            Metrics.removeRegistry(registry);
        }
        assertThat(Metrics.globalRegistry.find("redstreams.consumer.acks").meters()).isEmpty();
    }

    @Test
    void metricsCanBeSwitchedOff() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        beanRegistry = registry;
        Map<String, String> config = config();
        config.put("redstreams.metrics.enabled", "false");
        try (WeldApp app = WeldApp.start(config, Bills.class, RegistryProducer.class)) {
            app.producer().send("m-bills", "bill-1");
            await().atMost(Duration.ofSeconds(10)).until(() -> Bills.handled.get() == 1);
            assertThat(registry.getMeters()).isEmpty();
        }
    }

    private static double count(MeterRegistry registry, String name) {
        return registry.find(name).tag(STREAM, "m-bills").counters().stream().mapToDouble(Counter::count).sum();
    }

    private static double gauge(MeterRegistry registry, String name, String stream) {
        Gauge g = registry.find(name).tag(STREAM, stream).gauge();
        return g == null ? Double.NaN : g.value();
    }
}
