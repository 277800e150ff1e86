package io.redstreams.impl.engine;

/**
 * A pool of Redis connections, now: for health data. Immutable.
 *
 * @param name   what the pool is for, e.g. {@code producer}, or {@code jca} for the resource adapter's outbound
 *               connections
 * @param active connections lent out
 * @param open   connections open (lent out or idle)
 * @param max    most connections it opens, or {@link #UNKNOWN} when another party sizes the pool (the server pools
 *               the adapter's outbound connections)
 */
public record PoolStatus(String name, int active, int open, int max) {

    /** {@link #max()} of a pool sized by someone else. */
    public static final int UNKNOWN = -1;
}
