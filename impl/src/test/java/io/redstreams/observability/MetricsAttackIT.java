package io.redstreams.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.redstreams.StreamConsumer;
import io.redstreams.cdi.WeldApp;
import io.redstreams.testsupport.RedisExtension;
import io.redstreams.testsupport.RedisServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * A {@code MeterRegistry} that throws (exceptions and errors) on every meter it is asked for, and the Redis-backed
 * gauges while Redis is stopped (NaN, not the last value).
 */
class MetricsAttackIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated(new RedisServer.Options().appendOnly(true));

    private static final String STREAM = "messaging.destination.name";

    static volatile MeterRegistry beanRegistry;

    @BeforeEach
    void clean() {
        if (!redis.server().isRunning()) {
            redis.server().restart();
        }
        redis.flushAll();
        Fine.handled.set(0);
        Held.hold = new CountDownLatch(0);
    }

    @AfterEach
    void release() {
        Held.hold.countDown();
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
    public static class Fine {
        static final AtomicInteger handled = new AtomicInteger();

        void on(@StreamConsumer(stream = "ma-fine", group = "g", consumer = "c1", maxDeliveries = 1) String s) {
            if (s.startsWith("poison")) {
                throw new IllegalStateException("refused " + s);
            }
            handled.incrementAndGet();
        }
    }

    @ApplicationScoped
    public static class Held {
        static volatile CountDownLatch hold = new CountDownLatch(0);

        void on(@StreamConsumer(stream = "ma-held", group = "g", consumer = "c1", batchSize = 1) String s)
                throws InterruptedException {
            hold.await(60, TimeUnit.SECONDS);
        }
    }

    /** Every meter creation fails: half with an exception, half with an Error. */
    static final class HostileRegistry extends SimpleMeterRegistry {
        final AtomicInteger refused = new AtomicInteger();

        @Override
        protected Counter newCounter(Meter.Id id) {
            refused.incrementAndGet();
            throw new NoClassDefFoundError("hostile registry: " + id.getName());
        }

        @Override
        protected Timer newTimer(Meter.Id id, DistributionStatisticConfig config, PauseDetector pauseDetector) {
            refused.incrementAndGet();
            throw new IllegalStateException("hostile registry: " + id.getName());
        }

        @Override
        protected <T> Gauge newGauge(Meter.Id id, T obj, ToDoubleFunction<T> valueFunction) {
            refused.incrementAndGet();
            throw new IllegalStateException("hostile registry: " + id.getName());
        }

        @Override
        protected <T> FunctionCounter newFunctionCounter(Meter.Id id, T obj, ToDoubleFunction<T> countFunction) {
            refused.incrementAndGet();
            throw new NoClassDefFoundError("hostile registry: " + id.getName());
        }

        int refused() {
            return refused.get();
        }
    }

    /** Binds (its gauges and function counters work), then fails every timer: the per-message meters. */
    static final class TimerHostileRegistry extends SimpleMeterRegistry {
        final AtomicInteger refused = new AtomicInteger();

        @Override
        protected Timer newTimer(Meter.Id id, DistributionStatisticConfig config, PauseDetector pauseDetector) {
            refused.incrementAndGet();
            throw new IllegalStateException("hostile registry: " + id.getName());
        }
    }

    @Test
    void aRegistryThatFailsEveryTimerAfterBindingNeitherStopsConsumersNorFloodsTheLog() {
        TimerHostileRegistry registry = new TimerHostileRegistry();
        beanRegistry = registry;
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger engineLog = Logger.getLogger("io.redstreams");
        engineLog.addHandler(handler);
        int messages = 300;
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Fine.class, RegistryProducer.class)) {
            for (int i = 0; i < messages; i++) {
                app.producer().send("ma-fine", "ok-" + i);
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(Fine.handled.get()).isEqualTo(messages);
                assertThat(redis.admin().xpending("ma-fine", "g").getTotal()).isZero();
            });
            System.out.println("timer-hostile registry: sent " + messages + ", handled " + Fine.handled.get()
                    + ", timers refused " + registry.refused.get() + ", WARNING log records " + warnings.size());
            assertThat(warnings.size()).as("warnings logged for one broken registry over " + messages + " messages")
                    .isLessThan(20);
        } finally {
            engineLog.removeHandler(handler);
        }
    }

    @Test
    void aRegistryThatThrowsOnEveryMeterNeverStopsSendingOrConsuming() {
        HostileRegistry registry = new HostileRegistry();
        beanRegistry = registry;
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Fine.class, RegistryProducer.class)) {
            for (int i = 0; i < 30; i++) {
                app.producer().send("ma-fine", (i % 3 == 0 ? "poison-" : "ok-") + i);
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(Fine.handled.get()).isEqualTo(20);
                assertThat(redis.admin().xlen("ma-fine:dlq")).isEqualTo(10);
                assertThat(redis.admin().xpending("ma-fine", "g").getTotal()).isZero();
            });
            System.out.println("hostile registry: sent 30, handled " + Fine.handled.get() + ", dead-lettered "
                    + redis.admin().xlen("ma-fine:dlq") + ", pending 0; meters refused " + registry.refused());
        }
    }

    @Test
    void redisBackedGaugesReadNaNWhileRedisIsDownAndNumbersWhenItIsBack() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        beanRegistry = registry;
        Held.hold = new CountDownLatch(1);
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.metrics.sample-interval-ms", "200");
        try (WeldApp app = WeldApp.start(config, Held.class, RegistryProducer.class)) {
            for (int i = 0; i < 4; i++) {
                app.producer().send("ma-held", "e" + i);
            }
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(gauge(registry, "redstreams.consumer.pending")).isEqualTo(1.0);
                assertThat(gauge(registry, "redstreams.consumer.lag")).isEqualTo(3.0);
            });
            redis.server().stop();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(gauge(registry, "redstreams.consumer.pending")).isNaN();
                assertThat(gauge(registry, "redstreams.consumer.lag")).isNaN();
                assertThat(gauge(registry, "redstreams.consumer.oldest_pending_age")).isNaN();
            });
            System.out.println("gauges with Redis stopped: pending " + gauge(registry, "redstreams.consumer.pending")
                    + ", lag " + gauge(registry, "redstreams.consumer.lag") + ", oldest_pending_age "
                    + gauge(registry, "redstreams.consumer.oldest_pending_age") + ", in_flight "
                    + gauge(registry, "redstreams.consumer.in_flight"));
            redis.server().restart();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(gauge(registry, "redstreams.consumer.pending")).isEqualTo(1.0);
                assertThat(gauge(registry, "redstreams.consumer.lag")).isEqualTo(3.0);
            });
        }
    }

    private static double gauge(MeterRegistry registry, String name) {
        Gauge g = registry.find(name).tag(STREAM, "ma-held").gauge();
        return g == null ? -1 : g.value();
    }

}
