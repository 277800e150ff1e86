package io.redstreams.it.server.app;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.redstreams.StreamConsumer;
import io.redstreams.it.app.Order;
import jakarta.enterprise.context.ApplicationScoped;

/** Records, per order, the span that is current inside the consumer method ({@code Span.current()}). */
@ApplicationScoped
public class TracedOrderConsumer {

    public static final String GROUP = "ops-tracing";

    private final Map<Long, String> spans = new ConcurrentHashMap<>();

    void onOrder(@StreamConsumer(stream = TracedOrderService.STREAM, group = GROUP) Order order) {
        Span current = Span.current();
        SpanContext context = current.getSpanContext();
        spans.put(order.id(), context.getTraceId() + " " + context.getSpanId() + " sampled=" + context.isSampled()
                + " recording=" + current.isRecording());
    }

    /** @return {@code <trace id> <span id> sampled=<b> recording=<b>}, or {@code null} before the order came */
    public String spanOf(long orderId) {
        return spans.get(orderId);
    }
}
