package io.redstreams.impl.otel;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.redstreams.impl.engine.MessageTracing;

/**
 * The CONSUMER span of one delivery and the scope that makes it current on the delivering thread; failures are
 * recorded as exceptions, retries and dead letters as events ({@code redstreams.retry},
 * {@code redstreams.dead_letter}).
 */
final class OtelDeliverySpan implements MessageTracing.DeliverySpan {

    static final String RETRY_EVENT = "redstreams.retry";
    static final String DEAD_LETTER_EVENT = "redstreams.dead_letter";

    private final Span span;
    private final Scope scope;

    OtelDeliverySpan(Span span, Scope scope) {
        this.span = span;
        this.scope = scope;
    }

    @Override
    public void failed(Throwable failure) {
        Errors.record(span, failure);
    }

    @Override
    public void retryScheduled(long deliveryCount, long backoffMs) {
        span.addEvent(RETRY_EVENT, Attributes.of(OtelMessageTracing.DELIVERY_COUNT, deliveryCount,
                OtelMessageTracing.BACKOFF_MS, backoffMs));
    }

    @Override
    public void deadLettered(String deadLetterStream, String reason) {
        span.addEvent(DEAD_LETTER_EVENT, Attributes.of(OtelMessageTracing.DEAD_LETTER_STREAM, deadLetterStream,
                OtelMessageTracing.REASON, reason));
        span.setStatus(StatusCode.ERROR, "dead-lettered");
    }

    @Override
    public void end() {
        try {
            scope.close();
        } finally {
            span.end();
        }
    }
}
