package io.redstreams.it.server.app;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.redstreams.StreamProducer;
import io.redstreams.it.app.Order;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

/**
 * A stateless bean that sends an order inside a span of its own, started with the server's injected
 * {@link Tracer} as a child of the caller's (the JAX-RS request's) span, and tells which trace it sent in.
 */
@Stateless
public class TracedOrderService {

    public static final String STREAM = "ops-traced";

    @Inject
    StreamProducer producer;

    @Inject
    Tracer tracer;

    /**
     * @return {@code <request trace id> <request span id> <trace id> <span id> <entry id>}: the span current when
     *     called (the JAX-RS request's), then the bean's own span, current while the order was sent
     */
    public String send(long orderId) {
        SpanContext request = Span.current().getSpanContext();
        Span span = tracer.spanBuilder("place-order").startSpan();
        try (Scope ignored = span.makeCurrent()) {
            SpanContext current = Span.current().getSpanContext();
            String entryId = producer.send(STREAM, new Order(orderId, 1));
            return request.getTraceId() + " " + request.getSpanId() + " " + current.getTraceId() + " "
                    + current.getSpanId() + " " + entryId;
        } finally {
            span.end();
        }
    }
}
