package io.redstreams.examples.quickstart;

import io.redstreams.StreamType;

/** The commands of the demo's command bus; each record's {@code @StreamType} is the {@code type} it is routed by. */
public final class Commands {

    private Commands() {
    }

    /** Ship an order: routed to {@link Fulfilment#ship}. */
    @StreamType("ship-order")
    public record ShipOrder(long orderId, String carrier) {
    }

    /** Cancel an order: routed to {@link Fulfilment#cancel}. */
    @StreamType("cancel-order")
    public record CancelOrder(long orderId, String reason) {
    }

    /** Refund an order: no method handles it, so it goes to the dead-letter stream. */
    @StreamType("refund-order")
    public record RefundOrder(long orderId) {
    }
}
