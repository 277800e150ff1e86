package io.redstreams.impl.otel;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
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

    /**
     * Whether a span class implements links added after the start ({@code Span.addLink}, API 1.37, overridden: the
     * SDK's span does; the API's default does nothing, and an older API has no such method).
     */
    private static final ClassValue<Boolean> LINKS_AFTER_START = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("addLink", SpanContext.class, Attributes.class).getDeclaringClass()
                        != Span.class;
            } catch (NoSuchMethodException | LinkageError olderApi) {
                return false;
            }
        }
    };

    private static final String TRACEPARENT = "traceparent";
    private static final String TRACESTATE = "tracestate";

    private final Tracer tracer;
    private final SpanShapes shapes = new SpanShapes();
    /**
     * The class of recording spans that take links after the start, learned from the first one, else {@code null}:
     * then a child delivery span gets its link right after the start rather than on its builder, because the SDK's
     * builder allocates a list with room for its link limit (128 by default) for the first link, its span a list of
     * ten; the parent-based sampler decides by the parent, which is the same context.
     */
    private volatile Class<?> linkableSpans;
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
        SpanShapes.ForStream shapes = this.shapes.of(stream);
        SpanBuilder builder = tracer.spanBuilder(shapes.sendName)
                .setSpanKind(SpanKind.PRODUCER)
                .setAllAttributes(shapes.send);
        if (count != 1) {
            builder.setAttribute(BATCH_COUNT, (long) count);
        }
        return new OtelSendSpan(builder.startSpan());
    }

    @Override
    public DeliverySpan startDelivery(String stream, String group, RawEntry entry, long deliveryCount) {
        SpanShapes.ForStream shapes = this.shapes.of(stream);
        SpanBuilder builder = tracer.spanBuilder(shapes.processName)
                .setSpanKind(SpanKind.CONSUMER)
                .setAllAttributes(shapes.process(group))
                .setAttribute(MESSAGE_ID, entry.id())
                .setAttribute(DELIVERY_COUNT, deliveryCount);
        SpanContext producer = producer(entry);
        boolean linkAfterStart = false;
        if (producer != null) {
            if (linkOnly) {
                builder.addLink(producer); // at creation: with no parent, a sampler may decide by the link
                builder.setNoParent();
            } else {
                builder.setParent(Context.root().with(Span.wrap(producer)));
                linkAfterStart = linkableSpans != null;
                if (!linkAfterStart) {
                    builder.addLink(producer);
                }
            }
        } else {
            builder.setNoParent(); // not whatever context the thread happens to have: each delivery is its own
        }
        Span span = builder.startSpan();
        if (linkAfterStart) {
            Class<?> type = span.getClass();
            if (type == linkableSpans || LINKS_AFTER_START.get(type)) {
                span.addLink(producer);
            } // else not the SDK's recording span: a non-recording span drops links anyway
        } else if (producer != null && !linkOnly && span.isRecording() && LINKS_AFTER_START.get(span.getClass())) {
            linkableSpans = span.getClass();
        }
        return new OtelDeliverySpan(span, span.makeCurrent());
    }

    /** The valid producer's span context in the entry's trace fields, else {@code null}. */
    private SpanContext producer(RawEntry entry) {
        byte[] traceparent = entry.fields().get(TRACEPARENT);
        if (traceparent == null) {
            return null;
        }
        SpanContext context = null;
        byte[] tracestate = entry.fields().get(TRACESTATE);
        if (tracestate == null || tracestate.length == 0) {
            context = TraceParent.parse(traceparent);
        }
        if (context == null) {
            context = Span.fromContext(propagator.extract(Context.root(), entry, GETTER)).getSpanContext();
        }
        return context.isValid() ? context : null;
    }

    private final class OtelSendSpan implements SendSpan {
        private final Span span;
        /** The {@code traceparent} of this send as UTF-8, built once for all entries of a {@code sendAll}. */
        private byte[] traceparent;

        OtelSendSpan(Span span) {
            this.span = span;
        }

        @Override
        public void inject(Map<String, byte[]> fields) {
            SpanContext context = span.getSpanContext();
            if (!context.isValid()) {
                return; // as the propagator: no trace fields
            }
            if (!context.getTraceState().isEmpty()) {
                propagator.inject(Context.root().with(span), fields, SETTER); // only the span is read
                return;
            }
            if (traceparent == null) {
                traceparent = TraceParent.format(context);
            }
            fields.put(TRACEPARENT, traceparent); // shared by the entries of a call: written, never changed
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
