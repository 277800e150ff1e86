package io.redstreams.impl.otel;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.redstreams.impl.engine.MessageTracing;
import io.redstreams.impl.redis.RawEntry;

/**
 * {@link MessageTracing} with the OpenTelemetry API, after the OpenTelemetry messaging conventions: a PRODUCER span
 * {@code send <stream>} per send (one per {@code sendAll} call, whose context every entry of the call carries), and
 * a CONSUMER span {@code process <stream>} per delivery, a child of the context in the entry's {@code traceparent}
 * field (or, with {@code linkOnly}, the root of a trace of its own) and linked to it. Trace fields are written and
 * read with the W3C Trace Context propagator only, whatever propagators the {@code OpenTelemetry} has, so an entry
 * gets exactly {@code traceparent} and, when not empty, {@code tracestate}.
 *
 * <p>Only loaded when the OpenTelemetry API is on the class path. Thread-safe.
 */
public final class OtelMessageTracing implements MessageTracing {

    /** The instrumentation scope name of redstreams' spans. */
    public static final String SCOPE = "io.redstreams";

    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    static final AttributeKey<Long> BATCH_COUNT = AttributeKey.longKey("messaging.batch.message_count");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    /** No messaging convention names a generic delivery count (only per-system ones), so it is ours. */
    static final AttributeKey<Long> DELIVERY_COUNT = AttributeKey.longKey("redstreams.message.delivery_count");
    static final AttributeKey<Long> BACKOFF_MS = AttributeKey.longKey("redstreams.retry.backoff_ms");
    static final AttributeKey<String> DEAD_LETTER_STREAM = AttributeKey.stringKey("redstreams.dead_letter.stream");
    static final AttributeKey<String> REASON = AttributeKey.stringKey("redstreams.dead_letter.reason");

    static final String SYSTEM_REDIS = "redis";

    private static final TextMapSetter<Map<String, byte[]>> SETTER =
            (fields, name, value) -> fields.put(name, value.getBytes(StandardCharsets.UTF_8));

    private static final TextMapGetter<RawEntry> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(RawEntry entry) {
            return entry.fields().keySet();
        }

        @Override
        public String get(RawEntry entry, String name) {
            return entry == null ? null : entry.text(name);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator = W3CTraceContextPropagator.getInstance();
    private final boolean linkOnly;

    private OtelMessageTracing(OpenTelemetry openTelemetry, boolean linkOnly) {
        this.tracer = openTelemetry.getTracer(SCOPE);
        this.linkOnly = linkOnly;
    }

    /**
     * @param openTelemetry an {@code io.opentelemetry.api.OpenTelemetry} (typed {@code Object} so that callers need
     *                      not see the API)
     * @param linkOnly      whether a delivery's span only links to the producer's context rather than being its child
     * @throws ClassCastException when it is not an {@code OpenTelemetry}
     */
    public static MessageTracing create(Object openTelemetry, boolean linkOnly) {
        return new OtelMessageTracing((OpenTelemetry) openTelemetry, linkOnly);
    }

    @Override
    public SendSpan startSend(String stream, int count) {
        SpanBuilder builder = tracer.spanBuilder("send " + stream)
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute(SYSTEM, SYSTEM_REDIS)
                .setAttribute(DESTINATION, stream)
                .setAttribute(OPERATION_TYPE, "send")
                .setAttribute(OPERATION_NAME, "send");
        if (count != 1) {
            builder.setAttribute(BATCH_COUNT, (long) count);
        }
        return new OtelSendSpan(builder.startSpan());
    }

    @Override
    public DeliverySpan startDelivery(String stream, String group, RawEntry entry, long deliveryCount) {
        Context producer = propagator.extract(Context.root(), entry, GETTER);
        SpanContext producerSpan = Span.fromContext(producer).getSpanContext();
        SpanBuilder builder = tracer.spanBuilder("process " + stream)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(SYSTEM, SYSTEM_REDIS)
                .setAttribute(DESTINATION, stream)
                .setAttribute(GROUP, group)
                .setAttribute(MESSAGE_ID, entry.id())
                .setAttribute(DELIVERY_COUNT, deliveryCount)
                .setAttribute(OPERATION_TYPE, "process")
                .setAttribute(OPERATION_NAME, "process");
        if (producerSpan.isValid()) {
            builder.addLink(producerSpan);
            if (linkOnly) {
                builder.setNoParent();
            } else {
                builder.setParent(producer);
            }
        } else {
            builder.setNoParent(); // not whatever context the thread happens to have: each delivery is its own
        }
        Span span = builder.startSpan();
        return new OtelDeliverySpan(span, span.makeCurrent());
    }

    private final class OtelSendSpan implements SendSpan {
        private final Span span;
        private final Context context;

        OtelSendSpan(Span span) {
            this.span = span;
            this.context = Context.current().with(span);
        }

        @Override
        public void inject(Map<String, byte[]> fields) {
            propagator.inject(context, fields, SETTER);
        }

        @Override
        public void sent(String id) {
            if (id != null) {
                span.setAttribute(MESSAGE_ID, id);
            }
            span.end();
        }

        @Override
        public void failed(Throwable failure) {
            Errors.record(span, failure);
            span.end();
        }
    }

    @Override
    public String toString() {
        return "OpenTelemetry tracing" + (linkOnly ? " (link only)" : "");
    }
}
