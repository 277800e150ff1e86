package io.redstreams.it.server.app;

import io.redstreams.StreamConsumer;
import io.redstreams.it.app.Order;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A consumer that only counts its deliveries per order ({@link DeliveryCounts}), so that a test can tell handled,
 * duplicated and lost orders apart across a Redis outage (issue 12, health on a server).
 */
@ApplicationScoped
public class CountedOrders {

    public static final String STREAM = "ops-orders";
    public static final String GROUP = "ops-billing";

    @Inject
    DeliveryCounts counts;

    void onOrder(@StreamConsumer(stream = STREAM, group = GROUP) Order order) {
        counts.record(order.id());
    }
}
