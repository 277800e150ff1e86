package io.redstreams.impl.engine;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.redstreams.StreamSendException;
import io.redstreams.impl.producer.ConnectionSource;
import io.redstreams.impl.producer.EntrySender;
import io.redstreams.impl.producer.SendBreaker;
import io.redstreams.impl.redis.RedisConnection;
import io.redstreams.impl.redis.RedisConnectionException;

/**
 * The engine's producer over one connection that this object owns: what a JCA managed connection
 * wraps ({@link RedStreamsEngine#openProducerConnection(String)}), and what {@link ProducerConnections}
 * lends. It sends exactly as the engine's {@code StreamProducer} does (same encoding, trimming,
 * batching and retries: {@code XADD}, pipelined {@code XADD}s, the idempotent-add script), but every
 * send uses this one connection, which stays open between sends.
 *
 * <p>Every send passes the engine's circuit breaker ({@link SendBreaker}), shared with the engine's producer: while
 * it is open a send fails fast with {@code CircuitOpenException} and the connection is not used (nor marked broken).
 *
 * <p>It remembers when a send failed because the connection broke ({@link #isBroken()}); its owner
 * then discards it. {@link #close()} closes the connection (or gives it back to the pool it came from).
 *
 * <p>Thread-safe: sends are serialized, one at a time on the connection.
 */
public final class ProducerConnection implements AutoCloseable {

    private final RedisConnection redis;
    private final ConnectionSource lent;
    private final EntrySender sender;
    private final SendBreaker breaker;
    private volatile boolean broken;
    private volatile boolean closed;

    ProducerConnection(RedisConnection redis, EntrySender sender, SendBreaker breaker) {
        this.redis = redis;
        this.lent = ConnectionSource.lending(redis);
        this.sender = sender;
        this.breaker = breaker;
    }

    /**
     * Appends one entry ({@code XADD}).
     *
     * @return the entry's id
     * @throws StreamSendException when Redis did not take it; {@link #isBroken()} tells whether the connection broke
     */
    public synchronized String send(String stream, Object payload, Map<String, String> headers) {
        return watch(() -> sender.send(lent, stream, payload, headers));
    }

    /**
     * Appends the entries in pipelined batches of {@code redstreams.producer.batch-size}; as
     * {@code StreamProducer.sendAll}.
     */
    public synchronized List<String> sendAll(String stream, List<?> payloads) {
        return watch(() -> sender.sendAll(lent, stream, payloads));
    }

    /** Appends the entry unless one with the same idempotency key was added recently; as {@code StreamProducer}. */
    public synchronized String sendIdempotent(String stream, String idempotencyKey, Object payload,
                                              Map<String, String> headers) {
        return watch(() -> sender.sendIdempotent(lent, stream, idempotencyKey, payload, headers));
    }

    private <T> T watch(Supplier<T> send) {
        try {
            return breaker.call(send);
        } catch (StreamSendException e) {
            if (e.getCause() instanceof RedisConnectionException) {
                broken = true;
            }
            throw e;
        }
    }

    /**
     * Whether the connection still answers: one round trip ({@code CLIENT ID}) unless it is known to be broken
     * or closed. A failure marks it broken.
     */
    public boolean answers() {
        if (broken || closed) {
            return false;
        }
        try {
            synchronized (this) {
                redis.clientId();
            }
            return true;
        } catch (RuntimeException e) {
            broken = true;
            return false;
        }
    }

    /** Whether a send failed because the connection broke: its owner should discard this producer connection. */
    public boolean isBroken() {
        return broken;
    }

    /** Closes the connection (or gives it back to the pool it came from); idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        redis.close();
    }

    @Override
    public String toString() {
        return "ProducerConnection[" + (broken ? "broken" : closed ? "closed" : "open") + "]";
    }

    /** Why {@link RedStreamsEngine#openProducerConnection(String)} could not open a connection. */
    public static final class OpenException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        /** What went wrong, for callers that map it to their own exceptions. */
        public enum Reason {
            /** Redis could not be reached (or did not answer in time). */
            UNREACHABLE,
            /** Redis refused the credentials. */
            ACCESS_DENIED,
            /** Redis answered, but refused the connection otherwise (e.g. the client name or database). */
            REFUSED
        }

        private final Reason reason;

        OpenException(Reason reason, String message, Throwable cause) {
            super(message, cause);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }
}
