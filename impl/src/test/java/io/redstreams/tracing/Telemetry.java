package io.redstreams.tracing;

import java.util.List;
import java.util.stream.Collectors;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * An OpenTelemetry SDK exporting to memory, shared by the tracing tests (never set as the global one), and the CDI
 * producer that makes it the application's {@code OpenTelemetry} bean.
 */
@Dependent
public class Telemetry {

    static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    static final OpenTelemetrySdk OTEL = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();

    @Produces
    @Singleton
    OpenTelemetry openTelemetry() {
        return OTEL;
    }

    /** Finished spans of that kind and name. */
    static List<SpanData> spans(SpanKind kind, String name) {
        return SPANS.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == kind && s.getName().equals(name))
                .collect(Collectors.toList());
    }

    static List<SpanData> named(String name) {
        return SPANS.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
    }
}
