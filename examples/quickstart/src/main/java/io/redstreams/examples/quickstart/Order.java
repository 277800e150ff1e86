package io.redstreams.examples.quickstart;

import io.redstreams.StreamType;

/** An order, as the shop sends it. */
@StreamType("order-placed")
public record Order(long id, String customer, String sku, int quantity, double amount) {
}
