package io.redstreams.examples.quickstart;

import io.redstreams.StreamConsumer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Bills every order. Orders with a negative amount are refused: they are retried, then moved to
 * the dead-letter stream {@code quickstart:orders:dlq}.
 */
@ApplicationScoped
public class Billing {

    void onOrder(@StreamConsumer(stream = QuickstartMain.STREAM, group = "billing", concurrency = 4,
            batchSize = 100, maxDeliveries = 3) Order order, Ledger ledger) {
        if (order.amount() < 0) {
            throw new IllegalArgumentException("negative amount " + order.amount() + " in order " + order.id());
        }
        ledger.book(order);
    }
}
