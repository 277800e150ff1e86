package io.redstreams.bench;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The benchmark payload: an order of about 200 bytes of JSON. {@code sentNanos} carries the
 * producer's {@link System#nanoTime()} for the end-to-end latency figure (one JVM, so the clocks agree).
 */
public record Order(long id, String customer, String sku, int quantity, BigDecimal amount, String currency,
                    Instant createdAt, String note, long sentNanos) {

    private static final Instant BASE = Instant.parse("2025-01-01T00:00:00Z");

    /** A fresh order number {@code i}; the JSON is 200 bytes give or take a few digits. */
    public static Order sample(long i) {
        return new Order(i, "customer-" + (i % 10_000), "SKU-" + (100_000 + i % 900_000), 1 + (int) (i % 9),
                BigDecimal.valueOf(1999 + i % 100_000, 2), "EUR", BASE.plusSeconds(i),
                "leave at the door, ring twice please", 0L);
    }

    /** The same order, stamped with the send time. */
    public Order stamped(long nanos) {
        return new Order(id, customer, sku, quantity, amount, currency, createdAt, note, nanos);
    }
}
