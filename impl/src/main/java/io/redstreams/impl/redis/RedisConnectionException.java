package io.redstreams.impl.redis;

import io.redstreams.RedStreamsException;

/**
 * Redis could not be reached or the connection broke. The connection that threw it is broken
 * and will not be reused; the caller may try again on a new one.
 */
public class RedisConnectionException extends RedStreamsException {

    private static final long serialVersionUID = 1L;

    public RedisConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
