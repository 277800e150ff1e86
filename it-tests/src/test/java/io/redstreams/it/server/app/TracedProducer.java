package io.redstreams.it.server.app;

import io.opentelemetry.api.trace.Span;
import io.redstreams.StreamProducer;
import io.redstreams.it.app.Order;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

/**
 * A stateless session bean that sends an order with the injected producer, inside the trace of its caller (the
 * traced JAX-RS request of {@link TracingResource}), and records that trace's id.
 */
@Stateless
public class TracedProducer {

    @Inject
    StreamProducer producer;

    @Inject
    TraceLog log;

    /** @return {@code <trace id> <entry id>} */
    public String send(long id) {
        String traceId = Span.current().getSpanContext().getTraceId();
        log.produced(id, traceId);
        String entryId = producer.send(TracingConsumer.STREAM, new Order(id, 1));
        return traceId + " " + entryId;
    }
}
