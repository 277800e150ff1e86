package io.redstreams.impl.producer;

import io.redstreams.impl.redis.RedisConnection;

/**
 * Where the producer gets a connection for one send: the engine's own pool in Weld SE, a
 * container-pooled connection in an application server.
 */
@FunctionalInterface
public interface ConnectionSource {

    /** A connection; closing it gives it back. */
    RedisConnection acquire();

    /**
     * A source that lends always the same connection, whose {@code close()} does nothing: the connection stays
     * open for the next send, and its owner closes it.
     */
    static ConnectionSource lending(RedisConnection owned) {
        LentConnection view = new LentConnection(owned);
        return () -> view;
    }
}
