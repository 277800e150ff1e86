package io.redstreams.impl.consumer;

import java.util.logging.Logger;

import io.redstreams.impl.redis.RedisConnection;
import io.redstreams.impl.redis.RedisConnectionPool;

/**
 * While the host refuses to run the application (in a server: no endpoint, {@code beforeDelivery}
 * failed), one consumer holds back: it reads and claims nothing new and offers nothing until the
 * refusal's time, so refused entries come back in their order. A refused delivery is no delivery:
 * Redis's count of it is taken back ({@code XCLAIM ... RETRYCOUNT}), so that a restart or another
 * consumer sees the right count.
 *
 * <p>Thread-safe: handler threads report refusals, the worker asks whether to hold back.
 */
final class RefusalHoldBack {

    /** The worker's logger: one consumer's messages stay under one name, as logging configurations expect. */
    private static final Logger LOG = Logger.getLogger(ConsumerWorker.class.getName());

    private final ConsumerSpec spec;
    private final RedisConnectionPool pool;
    private volatile long until;

    RefusalHoldBack(ConsumerSpec spec, RedisConnectionPool pool) {
        this.spec = spec;
        this.pool = pool;
    }

    /** Until when (epoch ms) deliveries are held back; in the past when they are not. */
    long until() {
        return until;
    }

    /** Holds deliveries back until at least {@code retryAt} (epoch ms). */
    void holdUntil(long retryAt) {
        until = Math.max(until, retryAt);
    }

    /**
     * Sets Redis's delivery count of the entry back to {@code count}; if that fails, Redis keeps one delivery too
     * many for it (the entry still leaves the pending list only by ack or dead letter).
     */
    void setDeliveryCount(String consumerName, String id, long count) {
        try (RedisConnection c = pool.acquire()) {
            c.setDeliveryCount(spec.stream(), spec.group(), consumerName, id, Math.max(0, count));
        } catch (RuntimeException e) {
            LOG.fine(() -> spec.name() + ": could not reset the delivery count of entry " + id + ": " + e.getMessage());
        }
    }
}
