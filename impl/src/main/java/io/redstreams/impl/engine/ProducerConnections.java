package io.redstreams.impl.engine;

import io.redstreams.impl.producer.ConnectionSource;
import io.redstreams.impl.producer.EntrySender;
import io.redstreams.impl.producer.SendBreaker;
import io.redstreams.impl.redis.RedisConnection;
import io.redstreams.impl.redis.RedisConnectionException;
import io.redstreams.impl.redis.RedisConnectionPool;

/**
 * An engine's pool of producer connections ({@code <client-name>-producer}), as it lends them to
 * other engines: the resource adapter's engine lends its pool, through {@link ServerHosting}, to the
 * engines of the CDI applications it hosts. Opens nothing until the first send.
 *
 * <p>Thread-safe. After {@link #close()} every borrow fails with a connection error.
 */
public final class ProducerConnections implements AutoCloseable {

    private final RedisConnectionPool pool;
    private final EntrySender sender;
    private final SendBreaker breaker;
    private final String owner;
    private volatile boolean closed;

    ProducerConnections(RedisConnectionPool pool, EntrySender sender, SendBreaker breaker, String owner) {
        this.pool = pool;
        this.sender = sender;
        this.breaker = breaker;
        this.owner = owner;
    }

    /**
     * Borrows one connection as a {@link ProducerConnection}; its {@code close()} gives it back.
     *
     * @throws RuntimeException the engine's connection error when Redis cannot be reached, the pool stays
     *                          exhausted (within the Redis timeout) or is closed; its refusal of the credentials
     */
    public ProducerConnection acquire() {
        return new ProducerConnection(borrow(), sender, breaker);
    }

    /** For an engine that borrows this pool from its owner: connections borrowed per send, refused once closed. */
    ConnectionSource source() {
        return this::borrow;
    }

    /**
     * For the owning engine: the pool itself, one call less on every send (its producer is closed before the
     * pool, so the closed check of {@link #source()} has nothing to add there).
     */
    ConnectionSource ownerSource() {
        return pool::acquire;
    }

    private RedisConnection borrow() {
        if (closed) {
            throw new RedisConnectionException(owner + " stopped; its producer connections are closed", null);
        }
        return pool.acquire();
    }

    /** The pool now, for health data. */
    public PoolStatus status() {
        return new PoolStatus("producer", pool.active(), pool.open(), pool.max());
    }

    /** Closes the idle connections; the pool stays usable (e.g. when the last engine that used it left). */
    public void clearIdle() {
        pool.clearIdle();
    }

    /** Closes idle connections now and the lent ones as they come back; idempotent. */
    @Override
    public void close() {
        closed = true;
        pool.close();
    }

    @Override
    public String toString() {
        return "ProducerConnections[" + owner + ", " + pool + "]";
    }
}
