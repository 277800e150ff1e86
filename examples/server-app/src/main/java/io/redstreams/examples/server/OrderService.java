package io.redstreams.examples.server;

import java.util.ArrayList;
import java.util.List;

import io.redstreams.StreamProducer;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

/** The producer: a stateless session bean with the injected {@link StreamProducer} (connections of the adapter). */
@Stateless
public class OrderService {

    public static final String STREAM = "server-app:orders";

    @Inject
    StreamProducer producer;

    /** Sends orders {@code 1..count}; returns their entry ids. */
    public List<String> place(int count) {
        List<String> ids = new ArrayList<>();
        for (long id = 1; id <= count; id++) {
            ids.add(producer.send(STREAM, new Order(id, 10.0 * id)));
        }
        return ids;
    }
}
