package io.redstreams.impl.otel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/** The fast {@code traceparent} reading says what the W3C propagator says, or leaves the value to it. */
class TraceParentTest {

    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    @ParameterizedTest
    @ValueSource(strings = {
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-03",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-ff",
        "00-00000000000000000000000000000000-b7ad6b7169203331-01",
        "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",
        "00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b716920333x-01",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0g",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0F",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra",
        "01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        "01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra",
        "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        "00_0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        "00-0af7651916cd43dd8448eb211c80319c_b7ad6b7169203331-01",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331_01",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-1",
        "00-0af7651916cd43dd8448eb211c80319é-b7ad6b7169203331-01",
        "",
        "garbage"
    })
    void agreesWithThePropagator(String traceparent) {
        SpanContext expected = Span.fromContext(W3CTraceContextPropagator.getInstance()
                .extract(Context.root(), Map.of("traceparent", traceparent), GETTER)).getSpanContext();
        SpanContext fast = TraceParent.parse(traceparent.getBytes(StandardCharsets.UTF_8));
        if (fast != null) {
            assertThat(fast).isEqualTo(expected);
            assertThat(fast.isRemote()).isEqualTo(expected.isRemote());
        }
        System.out.printf("%s: %s%n", traceparent, fast == null ? "left to the propagator" : fast);
    }

    @ParameterizedTest
    @ValueSource(strings = {"00", "01", "03", "ff"})
    void writesWhatThePropagatorWrites(String flags) {
        SpanContext context = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
                TraceFlags.fromHex(flags, 0), TraceState.getDefault());
        Map<String, String> fields = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(Span.wrap(context)), fields,
                (carrier, key, value) -> carrier.put(key, value));
        assertThat(fields).containsOnlyKeys("traceparent");
        assertThat(new String(TraceParent.format(context), StandardCharsets.UTF_8))
                .isEqualTo(fields.get("traceparent"));
        assertThat(TraceParent.parse(TraceParent.format(context))).isEqualTo(
                SpanContext.createFromRemoteParent(context.getTraceId(), context.getSpanId(), context.getTraceFlags(),
                        TraceState.getDefault()));
    }
}
