package io.redstreams.impl.producer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

import io.redstreams.StreamProducer;

/**
 * {@link StreamProducer} over a {@link ConnectionSource}: synchronous sends borrow a connection
 * per call; asynchronous sends go through one shared {@link AsyncSender}, started on first use.
 */
public final class StreamProducerEngine implements StreamProducer, AutoCloseable {

    private final ConnectionSource connections;
    private final EntrySender sender;
    private final ProducerSettings settings;
    private final BiConsumer<String, Runnable> loopStarter;
    private AsyncSender async;

    /**
     * @param loopStarter runs a loop of the asynchronous sender (the flusher, the completer) on a thread
     *                    of the host, named by its first argument
     */
    public StreamProducerEngine(ConnectionSource connections, EntrySender sender, ProducerSettings settings,
                                BiConsumer<String, Runnable> loopStarter) {
        this.connections = connections;
        this.sender = sender;
        this.settings = settings;
        this.loopStarter = loopStarter;
    }

    @Override
    public String send(String stream, Object payload) {
        return sender.send(connections, stream, payload, null);
    }

    @Override
    public String send(String stream, Object payload, Map<String, String> headers) {
        return sender.send(connections, stream, payload, headers);
    }

    @Override
    public CompletionStage<String> sendAsync(String stream, Object payload) {
        return sendAsync(stream, payload, null);
    }

    @Override
    public CompletionStage<String> sendAsync(String stream, Object payload, Map<String, String> headers) {
        // Bad arguments throw here, at the caller; only sending failures reach the stage.
        return sender.sendAsync(async(), stream, payload, headers);
    }

    @Override
    public String sendIdempotent(String stream, String idempotencyKey, Object payload, Map<String, String> headers) {
        return sender.sendIdempotent(connections, stream, idempotencyKey, payload, headers);
    }

    @Override
    public List<String> sendAll(String stream, List<?> payloads) {
        return sender.sendAll(connections, stream, payloads);
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
