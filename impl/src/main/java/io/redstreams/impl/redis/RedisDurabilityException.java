package io.redstreams.impl.redis;

/**
 * The entries were added to the stream, but {@code WAIT} ({@code redstreams.producer.wait-replicas}) saw fewer
 * replicas confirm them than asked for within {@code redstreams.producer.wait-timeout-ms}: they may not survive a
 * failover. They were not removed; sending them again may add duplicates (an idempotent send does not).
 */
public class RedisDurabilityException extends RedisCommandException {

    private static final long serialVersionUID = 1L;

    public RedisDurabilityException(String message) {
        super(message, null);
    }
}
