package io.redstreams.bench;

import java.util.Collection;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The "everything on" side of the observability figure: a Micrometer {@link SimpleMeterRegistry} and an
 * OpenTelemetry SDK (always sampled under a sampled parent, a {@link BatchSpanProcessor} with its defaults, an exporter
 * that drops the spans) as the application's CDI beans, plus the configuration that switches on a frequent lease and
 * a processing timeout; {@link #METRICS} is the same with tracing off. {@link #OFF} is the other side: metrics and
 * tracing off, the lease at its default (a quarter of a minute, so it does not run during a trial).
 */
@Dependent
public class Observability {

    /** Configuration of the "on" side (system properties, read when the container starts). */
    static final Map<String, String> ON = Map.of(
            "redstreams.metrics.enabled", "true",
            "redstreams.tracing.enabled", "true",
            "redstreams.consumer.reclaim-min-idle-ms", "1000",
            "redstreams.consumer.lease-interval-ms", "250",
            "redstreams.consumer.processing-timeout-ms", "10000");

    /** Configuration of the "metrics on" side: as {@link #ON} with tracing off (issue 12's target by itself). */
    static final Map<String, String> METRICS = Map.of(
            "redstreams.metrics.enabled", "true",
            "redstreams.tracing.enabled", "false",
            "redstreams.consumer.reclaim-min-idle-ms", "1000",
            "redstreams.consumer.lease-interval-ms", "250",
            "redstreams.consumer.processing-timeout-ms", "10000");

    /** Configuration of the "off" side. */
    static final Map<String, String> OFF = Map.of(
            "redstreams.metrics.enabled", "false",
            "redstreams.tracing.enabled", "false");

    @Produces
    @Singleton
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    void close(@Disposes MeterRegistry registry) {
        registry.close();
    }

    @Produces
    @Singleton
    OpenTelemetry openTelemetry() {
        return OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(BatchSpanProcessor.builder(new Dropping()).build())
                        .build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
    }

    void close(@Disposes OpenTelemetry openTelemetry) {
        if (openTelemetry instanceof OpenTelemetrySdk sdk) {
            sdk.close();
        }
    }

    /** Exports nothing: the figure measures what tracing costs the consumer, not an exporter's network. */
    static final class Dropping implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
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
