package io.redstreams.impl.producer;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import io.redstreams.PartialSendException;
import io.redstreams.PayloadMappingException;
import io.redstreams.RedStreamsException;
import io.redstreams.StreamSendException;
import io.redstreams.impl.codec.MessageEncoder;
import io.redstreams.impl.engine.MessageTracing;
import io.redstreams.impl.engine.TracingWall;
import io.redstreams.impl.redis.OutgoingEntry;
import io.redstreams.impl.redis.RedisConnection;
import io.redstreams.impl.redis.StreamTrim;
import io.redstreams.impl.redis.RedisConnectionException;
import io.redstreams.impl.redis.RedisPipelineException;

/**
 * The synchronous send path: encode, then XADD (one call or one pipeline per batch) on a
 * borrowed connection. Shared by the CDI producer and the resource adapter's connections.
 *
 * <p>Retries: a command is repeated, on a fresh connection, only when it was certainly not
 * executed ({@link RedisConnectionException#notProcessed()}: no connection could be borrowed or
 * opened, or the server answered that it cannot serve, e.g. {@code READONLY} after a failover), at
 * most {@link #ATTEMPTS} times. A command whose reply was lost is not repeated, except by
 * {@link #sendIdempotent}, whose script makes a repeat harmless.
 */
public final class EntrySender {

    /** Attempts of a command that was certainly not executed (the first one included). */
    static final int ATTEMPTS = 3;
    /** The field an idempotent send adds to its entry: consumers may use it to deduplicate too. */
    public static final String IDEMPOTENCY_KEY_FIELD = "idempotency-key";

    private final MessageEncoder encoder;
    private final ProducerSettings settings;
    private final TracingWall tracing;

    public EntrySender(MessageEncoder encoder, ProducerSettings settings) {
        this(encoder, settings, TracingWall.NONE);
    }

    /** @param tracing times each send and adds its trace fields to the entries */
    public EntrySender(MessageEncoder encoder, ProducerSettings settings, TracingWall tracing) {
        this.encoder = encoder;
        this.settings = settings;
        this.tracing = tracing;
    }

    public OutgoingEntry encode(String stream, Object payload, Map<String, String> headers) {
        requireStream(stream);
        settings.retention().rule(stream); // a badly configured retention fails here, before anything is queued
        return new OutgoingEntry(stream, encoder.encode(payload, headers));
    }

    public String send(ConnectionSource connections, String stream, Object payload, Map<String, String> headers) {
        MessageTracing.SendSpan span = tracing.startSend(stream, 1);
        OutgoingEntry entry = traced(span, encode(stream, payload, headers));
        try {
            String id = add(connections, stream, entry);
            span.sent(id);
            return id;
        } catch (RuntimeException e) {
            span.failed(e);
            throw e;
        }
    }

    /**
     * Queues an encoded, traced entry on the asynchronous sender; the send's span ends when the stage completes.
     */
    public CompletableFuture<String> sendAsync(AsyncSender async, String stream, Object payload,
                                              Map<String, String> headers) {
        OutgoingEntry entry = encode(stream, payload, headers);
        if (!tracing.active()) {
            return async.submit(entry);
        }
        MessageTracing.SendSpan span = tracing.startSend(stream, 1);
        entry = traced(span, entry);
        CompletableFuture<String> result = async.submit(entry);
        result.whenComplete((id, failure) -> {
            if (failure == null) {
                span.sent(id);
            } else {
                span.failed(failure);
            }
        });
        return result;
    }

    private String add(ConnectionSource connections, String stream, OutgoingEntry entry) {
        for (int attempt = 1; ; attempt++) {
            try (RedisConnection connection = connections.acquire()) {
                String id = connection.add(stream, entry.fields(), trim(stream));
                settings.retention().sent(id);
                return id;
            } catch (RedisConnectionException e) {
                if (!e.notProcessed()) {
                    throw failure("Cannot send to stream '" + stream + "' (the entry may or may not have been added)",
                            e);
                }
                if (attempt >= ATTEMPTS) {
                    throw failure("Cannot send to stream '" + stream + "' (not added, " + attempt + " attempts)", e);
                }
                // certainly not executed: try again on a fresh connection
            } catch (RedStreamsException e) {
                throw failure("Cannot send to stream '" + stream + "'", e);
            }
        }
    }

    /**
     * Appends the entry unless an entry with the same idempotency key was added to this stream within
     * the retention ({@code redstreams.producer.idempotency-retention-ms}); returns the id of the entry
     * either way. Connection-level failures (including lost replies) are retried up to
     * {@code redstreams.producer.idempotent-max-attempts} times, 100 ms apart, doubling up to 1 s:
     * the script makes a repeat harmless. Blocks the caller while it backs off.
     */
    public String sendIdempotent(ConnectionSource connections, String stream, String idempotencyKey, Object payload,
                                 Map<String, String> headers) {
        requireStream(stream);
        String marker = IdempotencyKeys.markerKey(stream, idempotencyKey);
        Map<String, String> all = new LinkedHashMap<>();
        if (headers != null) {
            all.putAll(headers);
        }
        all.put(IDEMPOTENCY_KEY_FIELD, idempotencyKey);
        MessageTracing.SendSpan span = tracing.startSend(stream, 1);
        OutgoingEntry entry = traced(span, encode(stream, payload, all));
        try {
            String id = addIdempotent(connections, stream, idempotencyKey, marker, entry);
            span.sent(id);
            return id;
        } catch (RuntimeException e) {
            span.failed(e);
            throw e;
        }
    }

    private String addIdempotent(ConnectionSource connections, String stream, String idempotencyKey, String marker,
                                 OutgoingEntry entry) {
        long backoffMs = 100;
        for (int attempt = 1; ; attempt++) {
            try (RedisConnection connection = connections.acquire()) {
                return connection.addIdempotent(stream, marker, settings.idempotencyRetentionMs(), entry.fields(),
                        settings.retention().rule(stream).maxLen());
            } catch (RedisConnectionException e) {
                if (attempt >= settings.idempotentMaxAttempts()) {
                    throw failure("Cannot send to stream '" + stream + "' (idempotency key '" + idempotencyKey
                            + "', " + attempt + " attempts)", e);
                }
            } catch (RedStreamsException e) {
                throw failure("Cannot send to stream '" + stream + "' (idempotency key '" + idempotencyKey + "')", e);
            }
            try {
                Thread.sleep(backoffMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StreamSendException("Interrupted while retrying an idempotent send to '" + stream + "'", e);
            }
            backoffMs = Math.min(1000, backoffMs * 2);
        }
    }

    /**
     * Sends the payloads in pipelines of {@code batch-size}. Each entry is encoded while the
     * pipeline is being written, not all before: Redis works on the first commands while later
     * ones are still being mapped to JSON (on two cores this is worth about a fifth of the
     * throughput). So a payload that cannot be mapped fails the call after the entries before it
     * in its batch were sent; the exception says how many were added.
     *
     * <p>Each XADD has its own outcome: entries Redis refuses do not stop the others, and the call
     * then ends with a {@link PartialSendException} listing every outcome. Entries refused because
     * the server could not serve them (failover) are sent again on a fresh connection.
     */
    public List<String> sendAll(ConnectionSource connections, String stream, List<?> payloads) {
        Objects.requireNonNull(payloads, "payloads");
        requireStream(stream);
        for (int i = 0; i < payloads.size(); i++) {
            if (payloads.get(i) == null) {
                throw new NullPointerException("payloads[" + i + "] must not be null");
            }
        }
        if (payloads.isEmpty()) {
            return new ArrayList<>(0);
        }
        // One span for the call (the messaging conventions' batch send); every entry carries its context.
        MessageTracing.SendSpan span = tracing.startSend(stream, payloads.size());
        try {
            List<String> ids = addAll(connections, stream, payloads, span);
            span.sent(null);
            return ids;
        } catch (RuntimeException e) {
            span.failed(e);
            throw e;
        }
    }

    private List<String> addAll(ConnectionSource connections, String stream, List<?> payloads,
                                MessageTracing.SendSpan span) {
        BatchOutcomes outcomes = new BatchOutcomes(payloads.size());
        RedisConnection connection = null;
        try {
            for (int from = 0; from < payloads.size(); from += settings.batchSize()) {
                int to = Math.min(payloads.size(), from + settings.batchSize());
                List<Integer> todo = range(from, to);
                for (int attempt = 1; !todo.isEmpty(); attempt++) {
                    try {
                        if (connection == null) {
                            connection = connections.acquire();
                        }
                        StreamTrim trim = trim(stream);
                        List<String> added = connection.addAll(new EncodingView(stream, payloads, todo, span), s -> trim);
                        outcomes.added(todo, added);
                        settings.retention().sent(added.get(added.size() - 1));
                        todo = List.of();
                    } catch (RedisPipelineException e) {
                        todo = outcomes.partly(todo, e, attempt < ATTEMPTS);
                        if (!todo.isEmpty()) { // the server could not serve: a fresh connection for the rest
                            connection.close();
                            connection = null;
                        }
                    } catch (RedisConnectionException e) {
                        if (connection != null) {
                            connection.close();
                            connection = null;
                        }
                        if (!e.notProcessed() || attempt >= ATTEMPTS) {
                            outcomes.stopped(todo, to, e);
                            throw outcomes.exception(stream, e);
                        }
                    }
                }
            }
        } catch (PayloadMappingException e) {
            throw new PayloadMappingException(e.getMessage() + " (" + outcomes.addedCount() + " of " + payloads.size()
                    + " entries were added before the batch with this payload, and that batch up to it)", e);
        } catch (RedStreamsException e) {
            if (e instanceof PartialSendException) {
                throw e;
            }
            throw failure("Cannot send to stream '" + stream + "' (" + outcomes.addedCount() + " of " + payloads.size()
                    + " entries were added before the failure; the next batch may be partly added)", e);
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
        if (outcomes.complete()) {
            return outcomes.ids();
        }
        throw outcomes.exception(stream, null);
    }

    /** What happened to each entry of one {@code sendAll}. */
    private static final class BatchOutcomes {
        private final String[] ids;
        private final Map<Integer, String> refused = new TreeMap<>();
        private final List<Integer> uncertain = new ArrayList<>();
        private final List<Integer> notSent = new ArrayList<>();
        private RedStreamsException firstFailure;

        BatchOutcomes(int size) {
            this.ids = new String[size];
        }

        void added(List<Integer> indexes, List<String> added) {
            for (int i = 0; i < indexes.size(); i++) {
                ids[indexes.get(i)] = added.get(i);
            }
        }

        /** Records a partly failed pipeline; returns the indexes to send again (not executed, attempts left). */
        List<Integer> partly(List<Integer> indexes, RedisPipelineException e, boolean mayRetry) {
            List<Integer> again = new ArrayList<>();
            for (int i = 0; i < indexes.size(); i++) {
                RedStreamsException f = e.failures().get(i);
                int index = indexes.get(i);
                if (f == null) {
                    ids[index] = e.results().get(i);
                } else if (mayRetry && f instanceof RedisConnectionException c && c.notProcessed()) {
                    again.add(index);
                } else {
                    refused.put(index, f.getMessage());
                    if (firstFailure == null) {
                        firstFailure = f;
                    }
                }
            }
            return again;
        }

        /** A connection failure ended the call: the written entries are uncertain, the later ones not sent. */
        void stopped(List<Integer> inFlight, int batchEnd, RedisConnectionException e) {
            if (e.notProcessed()) {
                notSent.addAll(inFlight);
            } else {
                uncertain.addAll(inFlight);
            }
            for (int i = batchEnd; i < ids.length; i++) {
                notSent.add(i);
            }
        }

        int addedCount() {
            int n = 0;
            for (String id : ids) {
                if (id != null) {
                    n++;
                }
            }
            return n;
        }

        boolean complete() {
            return refused.isEmpty() && uncertain.isEmpty() && notSent.isEmpty();
        }

        List<String> ids() {
            return new ArrayList<>(Arrays.asList(ids));
        }

        PartialSendException exception(String stream, RedStreamsException cause) {
            RedStreamsException first = cause != null ? cause : firstFailure;
            return new PartialSendException("Sending " + ids.length + " entries to stream '" + stream + "': "
                    + addedCount() + " added, " + refused.size() + " refused, " + uncertain.size()
                    + " uncertain (connection lost after they were written), " + notSent.size() + " not sent"
                    + (first != null ? "; first failure: " + first.getMessage() : ""),
                    Arrays.asList(ids), refused, uncertain, notSent, first);
        }
    }

    /**
     * The entry with the span's trace fields added; the entry itself when the send is not traced. The encoder's
     * map may be immutable (a payload-only entry is a map of one), so a traced entry gets a copy.
     */
    private static OutgoingEntry traced(MessageTracing.SendSpan span, OutgoingEntry entry) {
        if (span == MessageTracing.SendSpan.NONE) {
            return entry;
        }
        Map<String, byte[]> fields = new LinkedHashMap<>(entry.fields());
        span.inject(fields);
        return new OutgoingEntry(entry.stream(), fields);
    }

    /** Some payloads (by index) as entries, each encoded when the pipeline asks for it. */
    private final class EncodingView extends AbstractList<OutgoingEntry> {
        private final String stream;
        private final List<?> payloads;
        private final List<Integer> indexes;
        private final MessageTracing.SendSpan span;

        EncodingView(String stream, List<?> payloads, List<Integer> indexes, MessageTracing.SendSpan span) {
            this.stream = stream;
            this.payloads = payloads;
            this.indexes = indexes;
            this.span = span;
        }

        @Override
        public OutgoingEntry get(int index) {
            return traced(span, new OutgoingEntry(stream, encoder.encode(payloads.get(indexes.get(index)), null)));
        }

        @Override
        public int size() {
            return indexes.size();
        }
    }

    private static List<Integer> range(int from, int to) {
        return new AbstractList<>() {
            @Override
            public Integer get(int index) {
                return from + index;
            }

            @Override
            public int size() {
                return to - from;
            }
        };
    }

    /**
     * The trim of a send to {@code stream} (its retention).
     *
     * @throws IllegalArgumentException naming the key when the stream's retention is configured wrongly
     */
    private StreamTrim trim(String stream) {
        return settings.retention().onSend(stream);
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
