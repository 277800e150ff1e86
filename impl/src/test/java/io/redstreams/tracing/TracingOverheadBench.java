package io.redstreams.tracing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.redstreams.faults.FaultReport;
import io.redstreams.impl.consumer.ConsumerSpec;
import io.redstreams.impl.engine.EngineSettings;
import io.redstreams.impl.engine.RedStreamsEngine;
import io.redstreams.testsupport.RedisExtension;

/**
 * Consume throughput with tracing off and on (not part of the build: run it with
 * {@code -Dtest=TracingOverheadBench}). The same pre-produced entries (each with a {@code traceparent}) are consumed
 * from a fresh server-side copy per trial, by an engine with concurrency 1 and batch size 100, with no tracing, or
 * with an OpenTelemetry SDK (always sampled, batch span processor, an exporter that drops the spans). Trials of the
 * two alternate, and the order alternates per round; the figures are entries per second from the first delivery to the
 * last, and the JVM's CPU time per entry over the trial (less sensitive to a loaded machine), medians of the rounds.
 */
class TracingOverheadBench {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    private static final int N = Integer.getInteger("tracing.bench.entries", 50_000);
    private static final int ROUNDS = Integer.getInteger("tracing.bench.rounds", 5);
    private static final String TEMPLATE = "bench-template";

    @Test
    void consumeThroughputWithTracingOffAndOn() throws Exception {
        redis.flushAll();
        AtomicLong exported = new AtomicLong();
        OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(BatchSpanProcessor.builder(new Dropping(exported)).build()).build()).build();
        String payload = "{\"amount\":85.48,\"customer\":\"customer-00042\",\"id\":\"ord-0000000042\",\"items\":"
                + "[{\"price\":19.99,\"qty\":2,\"sku\":\"SKU-1001\"}],\"timestamp\":1796023742563}";
        try (RedStreamsEngine producer = engine(otel, true)) {
            List<String> batch = new ArrayList<>(Collections.nCopies(1000, payload));
            for (int i = 0; i < N; i += 1000) {
                producer.producer().sendAll(TEMPLATE, batch);
            }
        }
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        rates.put("off", new ArrayList<>());
        rates.put("on", new ArrayList<>());
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        cpu.put("off", new ArrayList<>());
        cpu.put("on", new ArrayList<>());
        for (int round = 0; round <= ROUNDS; round++) { // round 0 warms up
            List<String> order = round % 2 == 0 ? List.of("off", "on") : List.of("on", "off");
            for (String mode : order) {
                long cpuBefore = processCpuNanos();
                double rate = trial(mode.equals("on") ? otel : null, mode.equals("on"), round + "-" + mode);
                double cpuPerEntryUs = (processCpuNanos() - cpuBefore) / 1e3 / N;
                if (round > 0) {
                    rates.get(mode).add(rate);
                    cpu.get(mode).add(cpuPerEntryUs);
                }
                System.out.printf(Locale.ROOT, "round %d tracing %s: %.0f entries/s, %.1f us CPU per entry%n", round,
                        mode, rate, cpuPerEntryUs);
            }
        }
        double off = median(rates.get("off"));
        double on = median(rates.get("on"));
        double cpuOff = median(cpu.get("off"));
        double cpuOn = median(cpu.get("on"));
        FaultReport.emit(String.format(Locale.ROOT, "TRACING OVERHEAD consume %,d entries (concurrency 1, batch 100,"
                + " %d rounds, medians): throughput off %.0f/s, on %.0f/s (on/off %.2f); JVM CPU per entry off %.1f us,"
                + " on %.1f us (on/off %.2f); load %s", N, ROUNDS, off, on, on / off, cpuOff, cpuOn, cpuOn / cpuOff,
                load()));
        otel.close();
    }

    private static double trial(OpenTelemetrySdk otel, boolean traced, String name) throws Exception {
        String stream = "bench-" + name;
        redis.admin().copy(TEMPLATE, stream, true);
        AtomicInteger handled = new AtomicInteger();
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        ConsumerSpec spec = new ConsumerSpec().name("TracingOverheadBench").stream(stream).group("g").startFrom("0")
                .concurrency(1).batchSize(100).maxDeliveries(5).payloadType(String.class).invoker(argument -> {
                    long now = System.nanoTime();
                    first.compareAndSet(0, now);
                    last.set(now);
                    handled.incrementAndGet();
                    return null;
                });
        try (RedStreamsEngine engine = engine(otel, traced)) {
            engine.startConsumers(List.of(spec));
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20)).until(() -> handled.get() >= N);
        }
        redis.admin().del(stream);
        return (N - 1) / ((last.get() - first.get()) / 1e9);
    }

    private static RedStreamsEngine engine(OpenTelemetrySdk otel, boolean traced) {
        Map<String, String> config = Map.of("redstreams.redis.url", redis.url(),
                "redstreams.consumer.block-ms", "200",
                "redstreams.tracing.enabled", Boolean.toString(traced));
        return RedStreamsEngine.builder().settings(EngineSettings.fromProperties(config)).openTelemetry(otel).build();
    }

    /** CPU time of the whole JVM (all threads, GC and JIT included), in ns. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    /** Counts and drops. */
    private record Dropping(AtomicLong exported) implements SpanExporter {
        @Override
        public CompletableResultCode export(java.util.Collection<SpanData> spans) {
            exported.addAndGet(spans.size());
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
