package io.redstreams.examples.quickstart;

import java.util.ArrayList;
import java.util.List;

import io.redstreams.StreamProducer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Places orders: one pipelined round trip per batch. */
@ApplicationScoped
public class Shop {

    @Inject
    StreamProducer producer;

    /** Sends orders {@code from..to-1}; every {@code poisonEvery}-th has a negative amount. */
    public int placeOrders(long from, long to, long poisonEvery) {
        List<Order> batch = new ArrayList<>((int) (to - from));
        for (long id = from; id < to; id++) {
            double amount = id % poisonEvery == 0 ? -1 : 10 + id % 90;
            batch.add(new Order(id, "customer-" + id % 1000, "SKU-" + id % 50, 1 + (int) (id % 3), amount));
        }
        return producer.sendAll(QuickstartMain.STREAM, batch).size();
    }
}
