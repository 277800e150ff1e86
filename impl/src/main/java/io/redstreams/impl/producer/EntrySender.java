package io.redstreams.impl.producer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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

    public List<String> sendAll(ConnectionSource connections, String stream, List<?> payloads) {
        Objects.requireNonNull(payloads, "payloads");
        requireStream(stream);
        List<OutgoingEntry> entries = new ArrayList<>(payloads.size());
        for (Object payload : payloads) {
            entries.add(encode(stream, payload, null));
        }
        List<String> ids = new ArrayList<>(entries.size());
        if (entries.isEmpty()) {
            return ids;
        }
        try (RedisConnection connection = connections.acquire()) {
            for (int from = 0; from < entries.size(); from += settings.batchSize()) {
                int to = Math.min(entries.size(), from + settings.batchSize());
                ids.addAll(connection.addAll(entries.subList(from, to), settings.maxLen()));
            }
            return ids;
        } catch (RedStreamsException e) {
            throw failure("Cannot send to stream '" + stream + "' (" + ids.size() + " of " + entries.size()
                    + " entries were added before the failure; the next batch may be partly added)", e);
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
