package io.redstreams.it.server.app;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

/** How many times each order reached {@link CountedOrders}, in memory. Thread-safe. */
@ApplicationScoped
public class DeliveryCounts {

    private final Map<Long, AtomicInteger> counts = new ConcurrentHashMap<>();

    public void record(long orderId) {
        counts.computeIfAbsent(orderId, id -> new AtomicInteger()).incrementAndGet();
    }

    /** @return {@code id:deliveries} per order, comma separated, in no particular order */
    public String report() {
        return counts.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue().get())
                .collect(Collectors.joining(","));
    }
}
