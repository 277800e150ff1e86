package io.redstreams.it.server.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.redstreams.StreamConsumer;
import io.redstreams.it.app.Order;
import io.redstreams.it.app.Received;

/**
 * The CDI consumer of the Sentinel scenario: records each order it handled and nothing else (no echo), so a
 * failover's window, in which sends wait for a replica that is not there yet, cannot fail the method.
 */
@ApplicationScoped
public class SentinelConsumer {

    public static final String STREAM = "it-sentinel";
    public static final String GROUP = "it-sentinel-group";

    @Inject
    Received received;

    void onOrder(@StreamConsumer(stream = STREAM, group = GROUP, concurrency = 2) Order order) {
        received.add(order);
    }
}
