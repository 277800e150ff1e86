package io.redstreams.it.server.app;

import java.util.ArrayList;
import java.util.List;

import io.redstreams.StreamProducer;
import io.redstreams.it.app.Order;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

/** Scenario 1: a stateless session bean sends typed orders with the injected producer. */
@Stateless
public class OrderService {

    @Inject
    StreamProducer producer;

    public List<String> send(String stream, long firstId, int count, double amount) {
        List<String> ids = new ArrayList<>();
        for (long id = firstId; id < firstId + count; id++) {
            ids.add(producer.send(stream, new Order(id, amount)));
        }
        return ids;
    }
}
