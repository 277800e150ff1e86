package io.redstreams.it.server.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.redstreams.StreamMessage;
import io.redstreams.StreamReader;
import io.redstreams.StreamTail;
import io.redstreams.TailOptions;
import io.redstreams.it.app.Order;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Reads the orders stream as a log, with the injected {@link StreamReader} (issue 13 §1, in a server). */
@ApplicationScoped
public class OrderLog {

    @Inject
    StreamReader reader;

    /** {@code XRANGE stream from to COUNT count}, as {@code <entry id>/<order id>} items. */
    public List<String> range(String stream, String from, String to, int count) {
        return describe(reader.range(stream, from, to, count, Order.class));
    }

    /**
     * Tails the stream after {@code afterId} (blocking reads on the request thread) until {@code count} entries came
     * or {@code timeout} passed; closes the tail.
     */
    public List<String> tail(String stream, String afterId, int count, Duration timeout) {
        List<StreamMessage<Order>> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (StreamTail<Order> tail = reader.tail(stream, TailOptions.after(afterId).block(Duration.ofMillis(500)),
                Order.class)) {
            while (seen.size() < count && System.nanoTime() < deadline) {
                seen.addAll(tail.poll(Duration.ofMillis(500)));
            }
        }
        return describe(seen);
    }

    private static List<String> describe(List<StreamMessage<Order>> messages) {
        return messages.stream().map(m -> m.id() + "/" + m.payload().id()).toList();
    }
}
