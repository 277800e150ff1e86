package io.redstreams.impl.producer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import io.redstreams.ProducerStatus;
import io.redstreams.StreamProducer;
import io.redstreams.impl.engine.EngineSignals;

/**
 * {@link StreamProducer} over a {@link ConnectionSource}: synchronous sends borrow a connection
 * per call; asynchronous sends go through one shared {@link AsyncSender}, started on first use.
 * Every send passes the {@link SendBreaker}; asynchronous ones take room in the {@link AsyncBuffer}. Each call is
 * reported to the engine's signals ({@code sent}: stream, entries, duration, failure, a refusal of the open breaker
 * included); without a per-message listener that costs one emptiness check per call.
 */
public final class StreamProducerEngine implements StreamProducer, AutoCloseable {

    private final ConnectionSource connections;
    private final EntrySender sender;
    private final ProducerSettings settings;
    private final BiConsumer<String, Runnable> loopStarter;
    private final SendBreaker breaker;
    private final AsyncBuffer buffer;
    private final EngineSignals signals;
    private AsyncSender async;

    /**
     * @param loopStarter runs a loop of the asynchronous sender (the flusher, the completer) on a thread
     *                    of the host, named by its first argument
     */
    public StreamProducerEngine(ConnectionSource connections, EntrySender sender, ProducerSettings settings,
                                BiConsumer<String, Runnable> loopStarter) {
        this(connections, sender, settings, SendBreaker.disabled(), AsyncBuffer.blocking(settings.asyncMaxPending()),
                loopStarter, EngineSignals.none());
    }

    /**
     * @param breaker the circuit breaker of every send (shared with the engine's other send paths)
     * @param buffer  the room of asynchronous sends and its policy when full
     * @param signals told of every send
     */
    public StreamProducerEngine(ConnectionSource connections, EntrySender sender, ProducerSettings settings,
                                SendBreaker breaker, AsyncBuffer buffer, BiConsumer<String, Runnable> loopStarter,
                                EngineSignals signals) {
        this.signals = signals;
        this.connections = connections;
        this.sender = sender;
        this.settings = settings;
        this.breaker = breaker;
        this.buffer = buffer;
        this.loopStarter = loopStarter;
    }

    @Override
    public String send(String stream, Object payload) {
        return send(stream, payload, null);
    }

    @Override
    public String send(String stream, Object payload, Map<String, String> headers) {
        return signalled(stream, 1, () -> breaker.call(() -> sender.send(connections, stream, payload, headers)));
    }

    @Override
    public CompletionStage<String> sendAsync(String stream, Object payload) {
        return sendAsync(stream, payload, null);
    }

    @Override
    public CompletionStage<String> sendAsync(String stream, Object payload, Map<String, String> headers) {
        // Bad arguments throw here, at the caller; only sending failures reach the stage.
        long start = signals.counting() ? System.nanoTime() : 0; // from the call: waiting for room counts too
        CompletableFuture<String> result = sender.sendAsync(async(), stream, payload, headers);
        if (start != 0) {
            result.whenComplete((id, failure) -> signals.sentSince(stream, 1, start, failure));
        }
        return result;
    }

    @Override
    public String sendIdempotent(String stream, String idempotencyKey, Object payload, Map<String, String> headers) {
        return signalled(stream, 1, () -> breaker.call(
                () -> sender.sendIdempotent(connections, stream, idempotencyKey, payload, headers)));
    }

    @Override
    public List<String> sendAll(String stream, List<?> payloads) {
        return signalled(stream, payloads == null ? 0 : payloads.size(),
                () -> breaker.call(() -> sender.sendAll(connections, stream, payloads)));
    }

    /** Runs a synchronous send, telling the signals its entries, duration and failure when anyone counts. */
    private <T> T signalled(String stream, int entries, Supplier<T> send) {
        if (!signals.counting()) {
            return send.get();
        }
        long start = System.nanoTime();
        try {
            T result = send.get();
            signals.sentSince(stream, entries, start, null);
            return result;
        } catch (RuntimeException e) {
            signals.sentSince(stream, entries, start, e);
            throw e;
        }
    }

    private synchronized AsyncSender async() {
        if (async == null) {
            AsyncSender created = new AsyncSender(connections, settings, breaker, buffer);
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

    /** The state and counters of the circuit breaker and the asynchronous buffer; no Redis command. */
    public ProducerStatus status() {
        return new ProducerStatus(breaker.snapshot(), buffer.snapshot());
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
