package io.redstreams.it.server.app;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.redstreams.BatchFailedException;
import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.StreamProducer;
import io.redstreams.it.app.Order;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A batch consumer in a server: gets up to 10 orders a call and echoes each batch (the ids, comma-separated) to
 * {@link #SEEN}; orders with a negative amount are named in a {@link BatchFailedException}, so only they are
 * delivered again and dead-lettered.
 */
@ApplicationScoped
public class BatchOrderConsumer {

    public static final String STREAM = "it-batch";
    public static final String GROUP = "it-batch-group";
    public static final String SEEN = "it-batch:seen";

    @Inject
    StreamProducer producer;

    void onOrders(@StreamConsumer(stream = STREAM, group = GROUP, batchSize = 10, maxDeliveries = 2)
                  List<StreamMessage<Order>> orders) {
        List<Integer> refused = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < orders.size(); i++) {
            Order order = orders.get(i).payload();
            if (order.amount() < 0) {
                refused.add(i);
            } else {
                accepted.add(Long.toString(order.id()));
            }
        }
        producer.send(SEEN, orders.stream().map(m -> Long.toString(m.payload().id())).collect(Collectors.joining(","))
                + "|" + String.join(",", accepted));
        if (!refused.isEmpty()) {
            throw new BatchFailedException("negative amount", null, refused);
        }
    }
}
