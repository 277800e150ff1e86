package io.redstreams.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Gauge;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Timer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConsumer;
import io.redstreams.cdi.WeldApp;
import io.redstreams.testsupport.RedisExtension;
import io.redstreams.testsupport.RedisServer;
import io.smallrye.metrics.SharedMetricRegistries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * MicroProfile Metrics 5 (SmallRye Metrics as the implementation), as on a server that offers that API and no
 * Micrometer registry bean (Payara 6): the same metrics in the application registry, tags without dots.
 */
class MicroProfileMetricsIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated(new RedisServer.Options());

    @BeforeEach
    void clean() {
        redis.flushAll();
    }

    @Dependent
    public static class Registry {
        @Produces
        @Singleton
        MetricRegistry registry() {
            return SharedMetricRegistries.getOrCreate(MetricRegistry.APPLICATION_SCOPE);
        }
    }

    @ApplicationScoped
    public static class Payments {
        static final AtomicInteger handled = new AtomicInteger();

        void on(@StreamConsumer(stream = "mp-pay", group = "ledger", consumer = "c1", maxDeliveries = 1) String p) {
            if (p.startsWith("poison")) {
                throw new IllegalArgumentException("bad " + p);
            }
            handled.incrementAndGet();
        }
    }

    @Test
    void countsAndGaugesInTheApplicationRegistry() {
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.metrics.sample-interval-ms", "200");
        try (WeldApp app = WeldApp.start(config, Payments.class, Registry.class)) {
            MetricRegistry registry = app.bean(MetricRegistry.class);
            for (int i = 0; i < 4; i++) {
                app.producer().send("mp-pay", "pay-" + i);
            }
            app.producer().send("mp-pay", "poison-1");
            await().atMost(Duration.ofSeconds(15)).until(() -> counter(registry, "redstreams.consumer.acks") == 5);
            assertThat(counter(registry, "messaging.client.sent.messages")).isEqualTo(5);
            assertThat(counter(registry, "messaging.client.consumed.messages")).isEqualTo(5);
            assertThat(counter(registry, "redstreams.consumer.failures")).isEqualTo(1);
            assertThat(counter(registry, "redstreams.consumer.dead_letters")).isEqualTo(1);
            long processed = registry.getTimers((id, m) -> id.getName().equals("messaging.process.duration"))
                    .values().stream().mapToLong(Timer::getCount).sum();
            assertThat(processed).isEqualTo(5);
            await().atMost(Duration.ofSeconds(10)).until(() -> gauge(registry, "redstreams.consumer.lag") == 0.0
                    && gauge(registry, "redstreams.consumer.pending") == 0.0);
            MetricID acks = registry.getCounters((id, m) -> id.getName().equals("redstreams.consumer.acks"))
                    .keySet().iterator().next();
            System.out.println("MicroProfile Metrics: " + acks + " = " + counter(registry, "redstreams.consumer.acks"));
            assertThat(acks.getTagsAsString()).contains("messaging_destination_name=\"mp-pay\"")
                    .contains("messaging_consumer_group_name=\"ledger\"");
        }
        assertThat(SharedMetricRegistries.getOrCreate(MetricRegistry.APPLICATION_SCOPE).getCounters(
                (id, m) -> id.getName().startsWith("redstreams.")).isEmpty()).as("removed at stop").isTrue();
    }

    private static long counter(MetricRegistry registry, String name) {
        return registry.getCounters((id, m) -> id.getName().equals(name)).values().stream()
                .mapToLong(Counter::getCount).sum();
    }

    private static double gauge(MetricRegistry registry, String name) {
        return registry.getGauges((id, m) -> id.getName().equals(name)).values().stream()
                .mapToDouble(g -> ((Gauge<?>) g).getValue().doubleValue()).findFirst().orElse(Double.NaN);
    }
}
