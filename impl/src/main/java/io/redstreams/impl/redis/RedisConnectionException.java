package io.redstreams.impl.redis;

import io.redstreams.RedStreamsException;

/**
 * Redis could not be reached, the connection broke, or it talks to a server that cannot serve
 * (a replica after a failover, a loading server: see {@link ServerReplies}). The connection that
 * threw it is discarded, never reused; the caller may try again on a new one.
 *
 * <p>{@link #notProcessed()} tells whether the command was certainly not executed (Redis could not
 * be connected to, or answered that it would not run it); only then may a non-idempotent command be
 * repeated without risking a duplicate. Otherwise the outcome is unknown.
 */
public class RedisConnectionException extends RedStreamsException {

    private static final long serialVersionUID = 1L;

    private final boolean notProcessed;

    public RedisConnectionException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /**
     * @param notProcessed whether the command was certainly not executed by Redis
     */
    public RedisConnectionException(String message, Throwable cause, boolean notProcessed) {
        super(message, cause);
        this.notProcessed = notProcessed;
    }

    /** Whether the command was certainly not executed, so repeating it cannot add a duplicate. */
    public boolean notProcessed() {
        return notProcessed;
    }
}
