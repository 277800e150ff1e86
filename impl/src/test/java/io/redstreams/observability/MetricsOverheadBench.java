package io.redstreams.observability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.MeterRegistry;
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
 * Consume throughput with metrics on (a Prometheus registry bean) and off ({@code redstreams.metrics.enabled=false}),
 * interleaved rounds in one JVM. Not part of the build (no Test/IT suffix): run it with
 * {@code -Dtest=MetricsOverheadBench}. Prints one line per round and the medians.
 */
class MetricsOverheadBench {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated(new RedisServer.Options());

    static final int N = Integer.getInteger("bench.n", 100_000);
    static volatile CountDownLatch left;
    static volatile long first;

    @ApplicationScoped
    public static class Sink {
        void on(@StreamConsumer(stream = "bench", group = "g", consumer = "c1", batchSize = 100, startFrom = "0")
                String entry) {
            if (first == 0) {
                first = System.nanoTime();
            }
            left.countDown();
        }
    }

    @Dependent
    public static class RegistryProducer {
        @Produces
        @Singleton
        MeterRegistry registry() {
            return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        }
    }

    @Test
    void consumeWithMetricsOnAndOff() throws Exception {
        List<Double> on = new ArrayList<>();
        List<Double> off = new ArrayList<>();
        for (int round = 0; round < Integer.getInteger("bench.rounds", 4); round++) {
            for (boolean metrics : new boolean[] {round % 2 == 0, round % 2 != 0}) {
                double rate = round(metrics);
                (metrics ? on : off).add(rate);
                System.out.printf("round %d metrics %-3s %,.0f msg/s%n", round, metrics ? "on" : "off", rate);
            }
        }
        double mOn = median(on);
        double mOff = median(off);
        System.out.printf("consume %,d, concurrency 1: metrics on %,.0f msg/s, off %,.0f msg/s (on/off %.3f)%n", N,
                mOn, mOff, mOn / mOff);
    }

    private static double round(boolean metrics) throws Exception {
        redis.flushAll();
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.metrics.enabled", Boolean.toString(metrics));
        try (WeldApp prefill = WeldApp.start(WeldApp.defaults(redis))) {
            List<String> batch = new ArrayList<>(1000);
            for (int i = 0; i < N; i++) {
                batch.add("{\"id\":" + i + ",\"customer\":\"c-" + (i % 977) + "\",\"amount\":" + (i % 1000) + "}");
                if (batch.size() == 1000) {
                    prefill.producer().sendAll("bench", batch);
                    batch.clear();
                }
            }
        }
        left = new CountDownLatch(N);
        first = 0;
        try (WeldApp app = WeldApp.start(config, Sink.class, RegistryProducer.class)) {
            if (!left.await(300, TimeUnit.SECONDS)) {
                throw new AssertionError("not consumed: " + left.getCount());
            }
            return (N - 1) / ((System.nanoTime() - first) / 1e9); // from the first entry handled to the last
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
