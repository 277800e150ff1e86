package io.redstreams.examples.server;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import io.redstreams.StreamConsumer;
import jakarta.enterprise.context.ApplicationScoped;

/** A CDI consumer: runs on the adapter's WorkManager threads; returning normally acknowledges the entry. */
@ApplicationScoped
public class Billing {

    private static final Logger LOG = Logger.getLogger(Billing.class.getName());

    private final AtomicInteger billed = new AtomicInteger();

    void bill(@StreamConsumer(stream = OrderService.STREAM, group = "billing") Order order) {
        LOG.fine(() -> "billed order " + order.id());
        billed.incrementAndGet();
    }

    public int billed() {
        return billed.get();
    }
}
