package io.redstreams.examples.quickstart;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.redstreams.ReadRange;
import io.redstreams.StreamMessage;
import io.redstreams.StreamReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Replays the stream as a log with {@code StreamReader}: no consumer group, nothing acknowledged. */
@ApplicationScoped
public class OrderHistory {

    @Inject
    StreamReader reader;

    /**
     * Replays the newest {@code limit} orders of the last minute, newest first, in pages of 500 (the stream is lazy:
     * only the pages needed are read), and sums their amounts.
     */
    public double replayLastMinute(int limit) {
        Instant now = Instant.now();
        try (Stream<StreamMessage<Order>> lastMinute = reader.stream(ReadRange.of(QuickstartMain.STREAM)
                .between(now.minusSeconds(60), now).reversed().pageSize(500), Order.class)) {
            return lastMinute.limit(limit).filter(m -> m.mappingFailure().isEmpty())
                    .mapToDouble(m -> m.payload().amount()).sum();
        }
    }

    /** The newest orders, newest first. */
    public List<StreamMessage<Order>> newest(int count) {
        return reader.reverseRange(QuickstartMain.STREAM, "-", "+", count, Order.class);
    }

    /** The dead letters with all their fields (the reason included). */
    @SuppressWarnings("rawtypes")
    public List<StreamMessage<Map>> deadLetters(int count) {
        return reader.range(QuickstartMain.DLQ, "-", "+", count, Map.class);
    }
}
