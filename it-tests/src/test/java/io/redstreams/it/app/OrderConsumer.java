package io.redstreams.it.app;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamProducer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The CDI consumer of every test application: consumes {@link Streams#ORDERS} and echoes each order to
 * {@link Streams#ORDERS_SEEN} with the injected producer, so tests can see from Redis alone what was consumed.
 */
@ApplicationScoped
public class OrderConsumer {

    @Inject
    StreamProducer producer;

    @Inject
    Received received;

    void onOrder(@StreamConsumer(stream = Streams.ORDERS, group = Streams.ORDERS_GROUP, maxDeliveries = 2)
                 Order order) {
        if (order.amount() == Amounts.ALWAYS_FAIL) {
            throw new IllegalStateException("refused order " + order.id());
        }
        received.add(order);
        producer.send(Streams.ORDERS_SEEN, order);
    }
}
