package io.redstreams.impl.producer;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.redstreams.PayloadMappingException;
import io.redstreams.RedStreamsException;
import io.redstreams.StreamSendException;
import io.redstreams.impl.codec.MessageEncoder;
import io.redstreams.impl.redis.OutgoingEntry;
import io.redstreams.impl.redis.RedisConnection;

/**
 * The synchronous send path: encode, then XADD (one call or one pipeline per batch) on a
 * borrowed connection. Shared by the CDI producer and the resource adapter's connections.
 */
public final class EntrySender {

    private final MessageEncoder encoder;
    private final ProducerSettings settings;

    public EntrySender(MessageEncoder encoder, ProducerSettings settings) {
        this.encoder = encoder;
        this.settings = settings;
    }

    public OutgoingEntry encode(String stream, Object payload, Map<String, String> headers) {
        requireStream(stream);
        return new OutgoingEntry(stream, encoder.encode(payload, headers));
    }

    public String send(ConnectionSource connections, String stream, Object payload, Map<String, String> headers) {
        OutgoingEntry entry = encode(stream, payload, headers);
        try (RedisConnection connection = connections.acquire()) {
            return connection.add(stream, entry.fields(), settings.maxLen());
        } catch (RedStreamsException e) {
            throw failure("Cannot send to stream '" + stream + "'", e);
        }
    }

    /**
     * Sends the payloads in pipelines of {@code batch-size}. Each entry is encoded while the
     * pipeline is being written, not all before: Redis works on the first commands while later
     * ones are still being mapped to JSON (on two cores this is worth about a fifth of the
     * throughput). So a payload that cannot be mapped fails the call after the entries before it
     * in its batch were sent; the exception says how many were added.
     */
    public List<String> sendAll(ConnectionSource connections, String stream, List<?> payloads) {
        Objects.requireNonNull(payloads, "payloads");
        requireStream(stream);
        for (int i = 0; i < payloads.size(); i++) {
            if (payloads.get(i) == null) {
                throw new NullPointerException("payloads[" + i + "] must not be null");
            }
        }
        List<String> ids = new ArrayList<>(payloads.size());
        if (payloads.isEmpty()) {
            return ids;
        }
        try (RedisConnection connection = connections.acquire()) {
            for (int from = 0; from < payloads.size(); from += settings.batchSize()) {
                int to = Math.min(payloads.size(), from + settings.batchSize());
                ids.addAll(connection.addAll(new EncodingView(stream, payloads.subList(from, to)), settings.maxLen()));
            }
            return ids;
        } catch (PayloadMappingException e) {
            throw new PayloadMappingException(e.getMessage() + " (" + ids.size() + " of " + payloads.size()
                    + " entries were added before the batch with this payload, and that batch up to it)", e);
        } catch (RedStreamsException e) {
            throw failure("Cannot send to stream '" + stream + "' (" + ids.size() + " of " + payloads.size()
                    + " entries were added before the failure; the next batch may be partly added)", e);
        }
    }

    /** The payloads of one batch as entries, each encoded when the pipeline asks for it. */
    private final class EncodingView extends AbstractList<OutgoingEntry> {
        private final String stream;
        private final List<?> payloads;

        EncodingView(String stream, List<?> payloads) {
            this.stream = stream;
            this.payloads = payloads;
        }

        @Override
        public OutgoingEntry get(int index) {
            return new OutgoingEntry(stream, encoder.encode(payloads.get(index), null));
        }

        @Override
        public int size() {
            return payloads.size();
        }
    }

    static StreamSendException failure(String what, RedStreamsException e) {
        if (e instanceof StreamSendException s) {
            return s;
        }
        return new StreamSendException(what + ": " + e.getMessage(), e);
    }

    private static void requireStream(String stream) {
        if (stream == null || stream.isBlank()) {
            throw new IllegalArgumentException("stream must not be empty");
        }
    }
}
