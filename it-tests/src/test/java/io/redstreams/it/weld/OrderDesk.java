package io.redstreams.it.weld;

import java.util.ArrayList;
import java.util.List;

import io.redstreams.StreamProducer;
import io.redstreams.it.app.Order;
import io.redstreams.it.app.Streams;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Weld's stand-in for the servers' {@code @Stateless} order service: sends typed orders. */
@ApplicationScoped
public class OrderDesk {

    @Inject
    StreamProducer producer;

    public List<String> send(long firstId, int count, double amount) {
        List<String> ids = new ArrayList<>();
        for (long id = firstId; id < firstId + count; id++) {
            ids.add(producer.send(Streams.ORDERS, new Order(id, amount)));
        }
        return ids;
    }
}
