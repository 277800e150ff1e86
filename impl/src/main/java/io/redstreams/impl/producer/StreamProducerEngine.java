package io.redstreams.impl.producer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

import io.redstreams.StreamProducer;
import io.redstreams.impl.engine.EngineSignals;

/**
 * {@link StreamProducer} over a {@link ConnectionSource}: synchronous sends borrow a connection
 * per call; asynchronous sends go through one shared {@link AsyncSender}, started on first use. Each call is
 * reported to the engine's signals ({@code sent}: stream, entries, duration, failure); without a per-message
 * listener that costs one emptiness check per call.
 */
public final class StreamProducerEngine implements StreamProducer, AutoCloseable {

    private final ConnectionSource connections;
    private final EntrySender sender;
    private final ProducerSettings settings;
    private final BiConsumer<String, Runnable> loopStarter;
    private final EngineSignals signals;
    private AsyncSender async;

    /**
     * @param loopStarter runs a loop of the asynchronous sender (the flusher, the completer) on a thread
     *                    of the host, named by its first argument
     */
    public StreamProducerEngine(ConnectionSource connections, EntrySender sender, ProducerSettings settings,
                                BiConsumer<String, Runnable> loopStarter) {
        this(connections, sender, settings, loopStarter, EngineSignals.none());
    }

    /** As above, reporting every send to {@code signals}. */
    public StreamProducerEngine(ConnectionSource connections, EntrySender sender, ProducerSettings settings,
                                BiConsumer<String, Runnable> loopStarter, EngineSignals signals) {
        this.signals = signals;
        this.connections = connections;
        this.sender = sender;
        this.settings = settings;
        this.loopStarter = loopStarter;
    }

    @Override
    public String send(String stream, Object payload) {
        return send(stream, payload, null);
    }

    @Override
    public String send(String stream, Object payload, Map<String, String> headers) {
        if (!signals.counting()) {
            return sender.send(connections, stream, payload, headers);
        }
        long start = System.nanoTime();
        try {
            String id = sender.send(connections, stream, payload, headers);
            signals.sentSince(stream, 1, start, null);
            return id;
        } catch (RuntimeException e) {
            signals.sentSince(stream, 1, start, e);
            throw e;
        }
    }

    @Override
    public CompletionStage<String> sendAsync(String stream, Object payload) {
        return sendAsync(stream, payload, null);
    }

    @Override
    public CompletionStage<String> sendAsync(String stream, Object payload, Map<String, String> headers) {
        // Bad arguments throw here, at the caller; only sending failures reach the stage.
        long start = signals.counting() ? System.nanoTime() : 0; // from the call: waiting for room counts too
        CompletableFuture<String> result = async().submit(sender.encode(stream, payload, headers));
        if (start != 0) {
            result.whenComplete((id, failure) -> signals.sentSince(stream, 1, start, failure));
        }
        return result;
    }

    @Override
    public String sendIdempotent(String stream, String idempotencyKey, Object payload, Map<String, String> headers) {
        if (!signals.counting()) {
            return sender.sendIdempotent(connections, stream, idempotencyKey, payload, headers);
        }
        long start = System.nanoTime();
        try {
            String id = sender.sendIdempotent(connections, stream, idempotencyKey, payload, headers);
            signals.sentSince(stream, 1, start, null);
            return id;
        } catch (RuntimeException e) {
            signals.sentSince(stream, 1, start, e);
            throw e;
        }
    }

    @Override
    public List<String> sendAll(String stream, List<?> payloads) {
        if (!signals.counting()) {
            return sender.sendAll(connections, stream, payloads);
        }
        long start = System.nanoTime();
        try {
            List<String> ids = sender.sendAll(connections, stream, payloads);
            signals.sentSince(stream, ids.size(), start, null);
            return ids;
        } catch (RuntimeException e) {
            signals.sentSince(stream, payloads == null ? 0 : payloads.size(), start, e);
            throw e;
        }
    }

    private synchronized AsyncSender async() {
        if (async == null) {
            AsyncSender created = new AsyncSender(connections, settings);
            loopStarter.accept("redstreams-async-completer", created.completer());
            try {
                loopStarter.accept("redstreams-async-sender", created);
            } catch (RuntimeException e) {
                created.abandon();
                throw e;
            }
            async = created;
        }
        return async;
    }

    /** Stops the asynchronous sender after it sent what was queued. */
    @Override
    public synchronized void close() {
        if (async != null) {
            async.stop();
        }
    }

    @Override
    public String toString() {
        return "StreamProducer[" + connections + "]";
    }
}
