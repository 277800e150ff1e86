package io.redstreams.bench;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

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

    /** One line of a {@link WithItems} order. */
    public record Item(String sku, int qty, BigDecimal price) {
    }

    /**
     * The second payload: an order with a nested list of two items, about 209 bytes of JSON, the shape of the
     * independent harness of issue 14 (mapping a nested list costs JSON-B more than flat fields).
     */
    public record WithItems(String id, String customer, BigDecimal amount, List<Item> items, long sentNanos,
                            long timestamp) {

        /** A fresh order number {@code i}. */
        public static WithItems sample(long i) {
            return new WithItems(String.format("ord-%010d", i), String.format("customer-%05d", i % 100_000),
                    BigDecimal.valueOf(8548 + i % 1000, 2),
                    List.of(new Item("SKU-" + (1001 + i % 9000), 2, new BigDecimal("19.99")),
                            new Item("SKU-" + (2002 + i % 7000), 1, new BigDecimal("45.50"))),
                    810_264_469_708L + i, 1_796_023_742_563L + i);
        }
    }
}
