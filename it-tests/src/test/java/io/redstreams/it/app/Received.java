package io.redstreams.it.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

/** What the consumers of a test application received, in memory. */
@ApplicationScoped
public class Received {

    private final List<Order> orders = new CopyOnWriteArrayList<>();

    public void add(Order order) {
        orders.add(order);
    }

    public List<Order> orders() {
        return List.copyOf(orders);
    }
}
